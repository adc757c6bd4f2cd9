# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------------------------
# The parts only a rebuild can fix: namespaces, holders, links.
infrastructure_ok() {
  local i
  netns_exists "$ROUTER_NS" || return 1
  for ((i = 0; i < HOSTS; i++)); do
    netns_exists "$(host_name "$i")" || return 1
    holder_pid "$i" >/dev/null || return 1
    [ "$(link_state "$i")" != missing ] || return 1
  done
}

lab_healthy() {
  local i
  [ -f "$DIR/lab.json" ] && load_settings && infrastructure_ok || return 1
  for ((i = 0; i < HOSTS; i++)); do
    sshd_pid "$i" >/dev/null && fwd_pid "$i" >/dev/null || return 1
  done
  vm_healthy
}

# What is left of this lab on the machine (even from an `up` killed half-way), one item per word.
lab_traces() {
  local l m found=()
  [ -e "$DIR" ] && found+=("$DIR")
  for l in lab "${HOST_LETTERS[@]}"; do [ -e "/run/netns/$NAME-$l" ] && found+=("/run/netns/$NAME-$l"); done
  for m in $(cg_mounts); do [ -d "$m/$CG_ROOT" ] && found+=("$m/$CG_ROOT"); done
  for m in $(vm_pids_left); do found+=("qemu:$m"); done
  echo "${found[*]}"
}

lab_traces_exist() { [ -n "$(lab_traces)" ]; }

verify_ssh() {
  local i out
  for ((i = 0; i < HOSTS; i++)); do
    out=$(ssh -F "$DIR/ssh_config" -o BatchMode=yes -o ConnectTimeout=10 "$(host_name "$i")" hostname 2>&1) ||
      die "ssh to $(host_name "$i") failed: $out"
    [ "$out" = "$(host_name "$i")" ] || die "ssh to $(host_name "$i") answered '$out' instead of its hostname"
  done
}
