# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------------------------
cmd_up() {
  local want_hosts="" want_port="" want_shape="" want_vms="" want_cpus=""
  while [ $# -gt 0 ]; do
    case $1 in
      --hosts) want_hosts=${2:?--hosts needs a number}; shift 2 ;;
      --vm) want_vms=${2:?--vm needs a number}; shift 2 ;;
      --cpu) want_cpus=${2:?--cpu needs QEMU CPU models, e.g. max,qemu64}; shift 2 ;;
      --port-base) want_port=${2:?--port-base needs a port}; shift 2 ;;
      --shape) want_shape=${2:?--shape needs netem arguments or none}; shift 2 ;;
      *) die "up: unknown option '$1'; usage: lab.sh up [--name NAME] [--hosts N] [--port-base PORT] [--shape \"netem args\"|none] [--vm N] [--cpu MODEL,...]" ;;
    esac
  done
  if [ -n "$want_vms" ] && ! [[ $want_vms =~ ^[0-$MAX_VMS]$ ]]; then
    die "--vm must be 0 to $MAX_VMS (got '$want_vms')."
  fi
  # --hosts 0: guests only (then at least one guest).
  if [ -n "$want_hosts" ] && ! [[ $want_hosts =~ ^[1-$MAX_HOSTS]$ ]] && ! { [ "$want_hosts" = 0 ] && [ "${want_vms:-0}" -gt 0 ]; }; then
    die "--hosts must be 1 to $MAX_HOSTS, or 0 with --vm N (got '$want_hosts')."
  fi
  [ -z "$want_cpus" ] || { require_vm_tools; valid_vm_cpus "$want_cpus"; }
  if [ -n "$want_port" ] && ! { [[ $want_port =~ ^[0-9]{4,5}$ ]] && [ "$want_port" -ge 1024 ] && [ "$want_port" -le 65000 ]; }; then
    die "--port-base must be a port from 1024 to 65000 (got '$want_port')."
  fi
  require_tools
  take_lock

  # An existing lab keeps its settings unless an option asks for a change.
  if load_settings; then
    local old="$HOSTS $PORT_BASE" old_vms="$VMS $VM_CPUS"
    HOSTS=${want_hosts:-$HOSTS}
    PORT_BASE=${want_port:-$PORT_BASE}
    SHAPE=${want_shape:-$SHAPE}
    VMS=${want_vms:-$VMS}
    VM_CPUS=${want_cpus:-$VM_CPUS}
    [ "$VMS" -gt 0 ] || [ "$HOSTS" -gt 0 ] || die "a lab needs a host: --hosts 0 goes only with --vm N"
    if [ "$old" = "$HOSTS $PORT_BASE" ] && [ "$old_vms" != "$VMS $VM_CPUS" ] && [ -f "$DIR/lab.json" ] && infrastructure_ok; then
      # Only the guests change: they go, and repair_lab boots the new set beside the running hosts.
      say "lab $NAME changes its guests from (count, cpus) ($old_vms) to ($VMS $VM_CPUS): restarting the guests"
      vms_stop_all
      write_ssh_files
      vm_write_ssh_files
    fi
    if [ "$old" != "$HOSTS $PORT_BASE" ]; then
      say "lab $NAME changes from (hosts, port base) ($old) to ($HOSTS $PORT_BASE): rebuilding it"
      teardown >/dev/null
    elif [ -f "$DIR/lab.json" ] && boot_crashed_hosts && infrastructure_ok; then
      repair_lab
      return 0
    else
      say "lab $NAME is half-built or broken: removing it and building it again"
      teardown >/dev/null
    fi
  else
    HOSTS=${want_hosts:-$DEFAULT_HOSTS}
    PORT_BASE=${want_port:-$DEFAULT_PORT_BASE}
    SHAPE=${want_shape:-$DEFAULT_SHAPE}
    VMS=${want_vms:-0}
    VM_CPUS=${want_cpus:-$VM_DEFAULT_CPU}
    if lab_traces_exist; then
      say "removing the remains of an earlier lab $NAME: $(lab_traces | cut -c1-200)"
      teardown >/dev/null
    fi
  fi
  build_lab
}

build_lab() {
  local i t0=$SECONDS
  say "building lab $NAME: $HOSTS hosts, ssh on 127.0.0.1:$PORT_BASE-$((PORT_BASE + HOSTS - 1)), links \"$SHAPE\"$([ "$VMS" = 0 ] || echo ", $VMS VM guests (cpu $VM_CPUS)")"
  require_workloads
  [ "$VMS" = 0 ] || vm_image
  for ((i = 0; i < HOSTS; i++)); do
    listening "" "$(host_port "$i")" &&
      die "port 127.0.0.1:$(host_port "$i") is already in use; pick other ports with --port-base."
  done
  for ((i = 0; i < VMS; i++)); do
    listening "" "$(vm_port "$i")" &&
      die "port 127.0.0.1:$(vm_port "$i") is already in use; pick other ports with --port-base."
  done
  mkdir -p "$DIR"
  chmod 755 "$LAB_ROOT" "$DIR"
  save_settings
  prepare_machine
  build_rootfs
  say "base rootfs ready: busybox and Ferry's workloads"
  setup_router
  for ((i = 0; i < HOSTS; i++)); do prepare_host_dir "$i"; write_address_hook "$i"; done
  make_keys
  write_ssh_files
  vm_write_ssh_files
  for ((i = 0; i < HOSTS; i++)); do
    setup_host_net "$i"
    apply_shape "$i" "$SHAPE"
    start_holder "$i"
    start_sshd "$i"
    start_forwarder "$i"
    say "host $(host_name "$i"): $(host_addr "$i") on br0, sshd at 127.0.0.1:$(host_port "$i")"
  done
  verify_ssh
  for ((i = 0; i < HOSTS; i++)); do import_podman_image "$i"; done
  command -v podman >/dev/null 2>&1 && say "podman image $PODMAN_IMAGE imported on every host"
  ensure_samples
  vms_up
  write_lab_json
  say "lab $NAME is up in $((SECONDS - t0)) s: ssh -F $DIR/ssh_config $(first_host_name)"
}

# Things outside the lab dir the hosts need: /run/netns (made a mount by `ip netns add`, recorded
# so the last `down` unmounts it) and empty mount points for the hosts' private dirs.
prepare_machine() {
  local d
  # Ignored on purpose: Not a mount point, or no such folder: both mean it must be made.
  if ! mountpoint -q /run/netns 2>/dev/null; then
    [ -d /run/netns ] || record_created dir /run/netns
    record_created netns-mount /run/netns
  fi
  for d in "${MOUNT_POINTS[@]}"; do
    if [ ! -d "$d" ]; then
      record_created dir "$d"
      mkdir -p "$d"
    fi
  done
  # Podman on the hosts creates /libpod_parent in every hierarchy (cgroupfs manager).
  d=$(cg_mounts | head -n1)
  [ -d "$d/libpod_parent" ] || record_created cgroup libpod_parent
}

prepare_host_dir() {
  local hdir
  hdir=$(host_dir "$1")
  mkdir -p "$hdir"/{run,var-lib-ferry/containers,var-lib-containers,var-lib-cni,tmp,etc-containers}
  # A real host's /run is a tmpfs. CRIU keeps its cache of the kernel's features there (criu.kdat) only on a tmpfs;
  # without it every dump and restore probes the kernel again (~25 ms of each restore on the lab, while frozen).
  # This machine's own /run is not one. teardown's umount_under_dir takes it away.
  mountpoint -q "$hdir/run" || mount -t tmpfs -o mode=755,size=256m "ferry-lab-run" "$hdir/run"
  mkdir -p "$hdir"/run/{netns,runc,containers,libpod,sshd,lock}
  # Each host has its own root home, as a real machine does: its own ~/.ssh, no shared dotfiles.
  mkdir -p "$hdir/root-home/.ssh"
  chmod 700 "$hdir/root-home" "$hdir/root-home/.ssh"
  chmod 1777 "$hdir/tmp"
  write_podman_conf "$hdir"
  write_sshd_config "$1"
}

# A host whose holder died (`crash`, or its processes killed) but whose namespace and link are there
# is booted like a machine after a power cut, instead of rebuilding the whole lab.
boot_crashed_hosts() {
  local i
  netns_exists "$ROUTER_NS" || return 0
  for ((i = 0; i < HOSTS; i++)); do
    holder_pid "$i" >/dev/null && continue
    netns_exists "$(host_name "$i")" && [ "$(link_state "$i")" != missing ] || continue
    say "$(host_name "$i") is down: booting it"
    host_crash "$i"
    host_boot "$i"
  done
  return 0
}

# A lab whose namespaces and holders are fine: restart what is down, heal links, reapply shaping.
repair_lab() {
  local i fixed=()
  # The lab was shaped like this already: no need to repeat the no-netem warning.
  # Ignored on purpose: No shape file yet (a first up): the warning is then due.
  [ "$(sed 's/ (.*//' "$(host_dir 0)/shape" 2>/dev/null)" != "$SHAPE" ] || SHAPE_WARNED=1
  save_settings
  sync_workloads
  for ((i = 0; i < HOSTS; i++)); do
    if [ "$(client_link_state "$i")" = cut ]; then client_heal "$i"; fixed+=("client link of $(host_name "$i")"); fi
    local f
    for f in $(host_fills "$i"); do host_unfill "$i" "$f"; fixed+=("full $f on $(host_name "$i")"); done
    if ! sshd_pid "$i" >/dev/null; then start_sshd "$i"; fixed+=("sshd on $(host_name "$i")"); fi
    if ! fwd_pid "$i" >/dev/null; then start_forwarder "$i"; fixed+=("forwarder of $(host_name "$i")"); fi
    if [ "$(link_state "$i")" = cut ]; then
      ip -n "$ROUTER_NS" link set "$(router_veth "$i")" up
      fixed+=("link of $(host_name "$i")")
    fi
    apply_shape "$i" "$SHAPE"
  done
  verify_ssh
  for ((i = 0; i < HOSTS; i++)); do import_podman_image "$i"; done
  ensure_samples
  vms_up
  write_lab_json
  if [ ${#fixed[@]} -gt 0 ]; then say "restarted: ${fixed[*]}"; fi
  say "lab $NAME is up (it was already running): ssh -F $DIR/ssh_config $(first_host_name)"
}

cmd_down() {
  [ $# -eq 0 ] || die "down takes no arguments besides --name"
  take_lock
  if ! lab_traces_exist; then
    say "lab $NAME is not running; nothing to remove"
    cleanup_machine_wide
    return 0
  fi
  say "stopping lab $NAME"
  local killed
  killed=$(teardown)
  if lab_traces_exist; then
    die "lab $NAME is only partly removed ($(lab_traces)); run 'lab.sh down --name $NAME' again"
  fi
  say "lab $NAME is down ($killed processes stopped; namespaces, cgroups and $DIR removed)"
}

cmd_status() {
  local json=0
  while [ $# -gt 0 ]; do
    case $1 in
      --json) json=1; shift ;;
      *) die "status: unknown option '$1'; usage: lab.sh status [--name NAME] [--json]" ;;
    esac
  done
  if ! load_settings || [ ! -f "$DIR/lab.json" ]; then
    local what="not running"
    lab_traces_exist && what="not running (remains of a half-built lab: run 'lab.sh up --name $NAME' or 'lab.sh down --name $NAME')"
    if [ $json = 1 ]; then
      jq -cn --arg name "$NAME" '{name: $name, running: false, healthy: false, hosts: []}'
    else
      say "lab $NAME is $what"
    fi
    return 3
  fi
  local healthy=true rows=() i sshd fwd link shape
  lab_healthy || healthy=false
  for ((i = 0; i < HOSTS; i++)); do
    sshd=false; fwd=false
    sshd_pid "$i" >/dev/null && sshd=true
    fwd_pid "$i" >/dev/null && fwd=true
    link=$(link_state "$i")
    # Ignored on purpose: A host built by an older lab.sh has no shape file: shown as ?.
    shape=$(cat "$(host_dir "$i")/shape" 2>/dev/null || echo "?")
    rows+=("$(host_name "$i")|$(host_port "$i")|$(host_addr "$i")|$sshd|$fwd|$link|$shape")
  done
  if [ $json = 1 ]; then
    local row n p a s f l sh
    for row in "${rows[@]}"; do
      IFS='|' read -r n p a s f l sh <<<"$row"
      jq -cn --arg name "$n" --argjson port "$p" --arg address "$a" --argjson sshd "$s" --argjson forwarder "$f" --arg link "$l" \
        --arg shape "$sh" '{name: $name, port: $port, address: $address, netns: $name, sshd: $sshd, forwarder: $forwarder, link: $link, shape: $shape}'
    done | jq -cs --arg name "$NAME" --argjson healthy "$healthy" --arg dir "$DIR" --argjson vms "$(vm_json_rows | jq -cs .)" \
      '{name: $name, running: true, healthy: $healthy, sshConfig: "\($dir)/ssh_config", hosts: ., vms: $vms}'
  else
    say "lab $NAME is $([ $healthy = true ] && echo healthy || echo "running but NOT healthy (repair: lab.sh up --name $NAME)"); ssh config: $DIR/ssh_config"
    printf '%-10s %-16s %-12s %-6s %-9s %-5s %s\n' HOST SSH ADDRESS SSHD FORWARDER LINK SHAPE
    for row in "${rows[@]}"; do
      IFS='|' read -r n p a s f l sh <<<"$row"
      printf '%-10s %-16s %-12s %-6s %-9s %-5s %s\n' "$n" "127.0.0.1:$p" "$a" \
        "$([ "$s" = true ] && echo alive || echo DOWN)" "$([ "$f" = true ] && echo alive || echo DOWN)" "$l" "$sh"
    done
    vm_status_rows
  fi
  [ $healthy = true ] && return 0 || return 3
}

cmd_link() { # up|down HOST
  local action=$1
  shift
  [ $# -eq 1 ] || die "usage: lab.sh $([ "$action" = down ] && echo cut || echo heal) HOST"
  require_settings
  local i
  if i=$(vm_index "$1"); then
    vm_set_link "$i" "$action"
    if [ "$action" = down ]; then say "link of $(vm_name "$i") cut"; else say "link of $(vm_name "$i") healed"; fi
    return 0
  fi
  i=$(resolve_host "$1")
  ip -n "$ROUTER_NS" link set "$(router_veth "$i")" "$action"
  if [ "$action" = down ]; then say "link of $(host_name "$i") cut"; else say "link of $(host_name "$i") healed"; fi
}

cmd_shape() {
  [ $# -eq 2 ] || die "usage: lab.sh shape HOST|all \"netem args\"|none   (e.g. \"rate 100mbit delay 5ms\")"
  require_settings
  local i
  if [ "$1" = all ]; then
    for ((i = 0; i < HOSTS; i++)); do apply_shape "$i" "$2"; done
    for ((i = 0; i < VMS; i++)); do vm_apply_shape "$i" "$2"; done
    SHAPE=$2
    save_settings
    say "links of all hosts shaped: $2"
  elif i=$(vm_index "$1"); then
    vm_apply_shape "$i" "$2"
    say "link of $(vm_name "$i") shaped: $2"
  else
    i=$(resolve_host "$1")
    apply_shape "$i" "$2"
    say "link of $(host_name "$i") shaped: $2"
  fi
}

cmd_route() {
  [ $# -eq 2 ] || die "usage: lab.sh route IP HOST   (e.g. lab.sh route 10.87.100.10 ferry-b)"
  require_settings
  valid_ip "$1" || die "'$1' is not an IPv4 address"
  local i
  i=$(resolve_host "$2")
  route_to "$1" "$i"
  say "router: $1 via $(host_name "$i") ($(host_addr "$i"))"
}

cmd_exec() {
  [ $# -ge 1 ] || die "usage: lab.sh exec HOST -- CMD [ARGS...]"
  require_settings
  local i
  if i=$(vm_index "$1"); then
    shift
    [ "${1:-}" != -- ] || shift
    [ $# -ge 1 ] || die "usage: lab.sh exec HOST -- CMD [ARGS...]"
    vm_ssh "$i" "$(printf '%q ' "$@")"
    return
  fi
  i=$(resolve_host "$1")
  shift
  [ "${1:-}" != -- ] || shift
  [ $# -ge 1 ] || die "usage: lab.sh exec HOST -- CMD [ARGS...]"
  in_host "$i" "$@"
}

cmd_sshd_stop() {
  [ $# -eq 1 ] || die "usage: lab.sh sshd-stop HOST"
  require_settings
  local i pids
  i=$(resolve_host "$1")
  pids=$(host_sshd_pids "$i")
  if [ -z "$pids" ]; then
    say "sshd on $(host_name "$i") is not running"
    return 0
  fi
  # shellcheck disable=SC2086
  # Ignored on purpose: Processes that exited since they were listed cannot be killed, and need not be.
  kill -KILL $pids 2>/dev/null || true
  rm -f "$(host_dir "$i")/sshd.pid"
  say "sshd on $(host_name "$i") stopped ($(echo "$pids" | wc -l) sshd processes; open connections dropped); containers keep running"
}

cmd_sshd_start() {
  [ $# -eq 1 ] || die "usage: lab.sh sshd-start HOST"
  require_settings
  local i
  i=$(resolve_host "$1")
  if sshd_pid "$i" >/dev/null; then
    say "sshd on $(host_name "$i") is already running"
    return 0
  fi
  start_sshd "$i"
  say "sshd on $(host_name "$i") started"
}

cmd_container() {
  [ $# -ge 3 ] || die "usage: lab.sh container HOST NAME counter|memory|tcp-server|httpd|unix|sleep [--ip A.B.C.D] [-- ARGS...]"
  require_settings
  local i ct=$2 workload=$3 ip="" vm=""
  if vm=$(vm_index "$1"); then i=""; else vm=""; i=$(resolve_host "$1"); fi
  shift 3
  while [ $# -gt 0 ]; do
    case $1 in
      --ip) ip=${2:?--ip needs an address}; shift 2 ;;
      --) shift; break ;;
      *) die "container: unknown option '$1' (workload arguments go after --)" ;;
    esac
  done
  valid_ct_name "$ct"
  [ -z "$ip" ] || valid_ip "$ip" || die "'$ip' is not an IPv4 address (use one from 10.87.100.0/24, routed by the lab, or from $LAB_SUBNET.100-$LAB_SUBNET.199, on the lab segment)"
  workload_args "$workload" >/dev/null
  if [ -n "$vm" ]; then
    [ -z "$ip" ] || die "container --ip is for namespace hosts only; guests run containers in their own network"
    vm_create_container "$vm" "$ct" "$workload" "$@"
    say "container $ct ($workload) running on $(vm_name "$vm"); bundle /var/lib/ferry/containers/$ct"
    return 0
  fi
  create_container "$i" "$ct" "$workload" "$ip" "$@"
  say "container $ct ($workload) running on $(host_name "$i")${ip:+ at $ip}; bundle /var/lib/ferry/containers/$ct"
}

cmd_ctnet() {
  [ $# -eq 3 ] || die "usage: lab.sh ctnet HOST NAME IP|--delete"
  require_settings
  local i
  i=$(resolve_host "$1")
  valid_ct_name "$2"
  if [ "$3" = --delete ]; then
    ctnet_delete "$i" "$2"
    say "network namespace $2 removed from $(host_name "$i")"
  else
    valid_ip "$3" || die "'$3' is not an IPv4 address"
    ctnet_create "$i" "$2" "$3"
    say "network namespace /run/netns/$2 on $(host_name "$i") with $3; once the container runs there: lab.sh route $3 $(host_name "$i")"
  fi
}


cmd_client() { # cut|heal HOST
  local action=$1
  shift
  [ $# -eq 1 ] || die "usage: lab.sh client-$action HOST"
  require_settings
  local i
  i=$(resolve_host "$1")
  if [ "$action" = cut ]; then
    client_cut "$i"
    say "the client's link to $(host_name "$i") (127.0.0.1:$(host_port "$i")) cut: packets dropped both ways"
  else
    client_heal "$i"
    say "the client's link to $(host_name "$i") healed"
  fi
}

cmd_crash() {
  [ $# -eq 1 ] || die "usage: lab.sh crash HOST"
  require_settings
  local i n
  i=$(resolve_host "$1")
  n=$(host_pids "$i" | wc -l)
  host_crash "$i"
  say "$(host_name "$i") crashed: $n processes killed (sshd, holder, containers, watchdogs); /run and /tmp cleared; disk kept. Start it: lab.sh boot $(host_name "$i")"
}

cmd_boot() {
  [ $# -eq 1 ] || die "usage: lab.sh boot HOST"
  require_settings
  local i
  i=$(resolve_host "$1")
  if holder_pid "$i" >/dev/null; then
    say "$(host_name "$i") is running"
    return 0
  fi
  host_boot "$i"
  say "$(host_name "$i") booted: holder and sshd running; its containers are not (a reboot ended them)"
}

cmd_fill() { # fill|unfill HOST PATH
  local action=$1
  shift
  [ $# -eq 2 ] || die "usage: lab.sh $action HOST PATH   (e.g. lab.sh $action ferry-b /var/lib/ferry/containers)"
  require_settings
  local i
  i=$(resolve_host "$1")
  [[ $2 =~ ^/[A-Za-z0-9._/-]+$ ]] && [[ $2 != *..* ]] || die "PATH must be an absolute path of letters, digits, . _ - and / (got '$2')"
  if [ "$action" = fill ]; then
    say "$2 on $(host_name "$i") is full: $(host_fill "$i" "$2")"
  else
    host_unfill "$i" "$2"
    say "$2 on $(host_name "$i") has room again"
  fi
}

# The host an ssh line in messages names: the first namespace host, or the first guest of a guests-only lab.
first_host_name() { if [ "$HOSTS" -gt 0 ]; then host_name 0; else vm_name 0; fi; }
