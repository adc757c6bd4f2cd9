# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# lab.json: what the Java tests read.
# ---------------------------------------------------------------------------------------------
write_lab_json() {
  local i hosts=()
  for ((i = 0; i < HOSTS; i++)); do
    hosts+=("$(jq -cn --arg name "$(host_name "$i")" --argjson port "$(host_port "$i")" --arg address "$(host_addr "$i")" \
      --arg dir "$(host_dir "$i")" '{name: $name, port: $port, address: $address, netns: $name, dir: $dir}')")
  done
  printf '%s\n' "${hosts[@]+"${hosts[@]}"}" | jq -cs --argjson vms "$(vm_json_rows | jq -cs .)" --arg name "$NAME" --arg dir "$DIR" --arg netns "$ROUTER_NS" --arg address "$ROUTER_ADDR" \
    '{name: $name, dir: $dir, sshConfig: "\($dir)/ssh_config", knownHosts: "\($dir)/known_hosts", identity: "\($dir)/id_ed25519",
      router: {netns: $netns, address: $address}, hosts: ., vms: $vms}' >"$DIR/lab.json.tmp"
  mv "$DIR/lab.json.tmp" "$DIR/lab.json"
}
