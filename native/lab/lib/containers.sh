# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Containers (runc bundles in the host's /var/lib/ferry/containers/<name>).
# ---------------------------------------------------------------------------------------------
json_str() { # JSON string literal for $1, escaped by jq (every control character, not a chosen few)
  jq -n --arg s "$1" '$s'
}

json_array() { # JSON array of strings for "$@"
  local out="" a
  for a in "$@"; do out+="${out:+, }$(json_str "$a")"; done
  printf '[%s]' "$out"
}

workload_args() { # WORKLOAD [ARGS...] -> one argv element per line
  local w=$1
  shift
  local bin
  case $w in
    counter) bin=ferry-counter ;;
    memory) bin=ferry-memory ;;
    tcp-server) bin=ferry-tcp-server ;;
    httpd) bin=httpd ;;
    unix) bin=ferry-unix-peers ;;
    sleep) bin="sleep" ;;
    *) die "unknown workload '$w': use counter, memory, tcp-server, httpd, unix or sleep." ;;
  esac
  # Arguments given after `--` replace the workload's defaults.
  if [ $# -gt 0 ]; then
    printf '%s\n' "$bin" "$@"
    return
  fi
  case $w in
    counter) printf '%s\n' ferry-counter --log /var/log/counter.log ;;
    memory) printf '%s\n' ferry-memory --mib 64 --dirty-pages-per-sec 256 --log /var/log/memory.log ;;
    tcp-server) printf '%s\n' ferry-tcp-server --port 7000 --log /var/log/tcp-server.log ;;
    # busybox httpd in the foreground, serving /www: /small (a few bytes) and /big (16 MiB of random bytes).
    httpd) printf '%s\n' httpd -f -p 80 -h /www ;;
    # A listener, a connection to it and a socketpair, all inside the container (see native/workloads).
    unix) printf '%s\n' ferry-unix-peers --own /run/own.sock --log /var/log/unix-peers.log ;;
    sleep) printf '%s\n' sleep infinity ;;
  esac
}

# config.json after `runc spec`, with: no terminal, writable rootfs, relative cgroupsPath (see the
# cgroup section), and the network namespace from /run/netns/<name> when the container has an IP.
write_config_json() {
  local file=$1 ct=$2 workload=$3 netns_path=$4
  shift 4
  local netns='{ "type": "network" }'
  [ -z "$netns_path" ] || netns="{ \"type\": \"network\", \"path\": $(json_str "$netns_path") }"
  cat >"$file" <<EOF
{
  "ociVersion": "1.0.2-dev",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": $(json_array "$@"),
    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"],
    "cwd": "/",
    "capabilities": {
      "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    },
    "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": false },
  "hostname": $(json_str "$ct"),
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
      "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
      "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
      "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
      "options": ["nosuid", "noexec", "nodev"] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
      "options": ["nosuid", "noexec", "nodev", "ro"] },
    { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
      "options": ["nosuid", "noexec", "nodev", "relatime", "ro"] }
  ],
  "annotations": { "org.ferry.lab": $(json_str "$NAME"), "org.ferry.workload": $(json_str "$workload") },
  "linux": {
    "cgroupsPath": $(json_str "ferry/$ct"),
    "resources": { "devices": [{ "allow": false, "access": "rwm" }] },
    "namespaces": [
      { "type": "pid" },
      $netns,
      { "type": "ipc" },
      { "type": "uts" },
      { "type": "mount" }
    ],
    "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
  }
}
EOF
}

valid_ip() { [[ $1 =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]]; }

valid_ct_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ ]] ||
    die "container name '$1' is not valid: use letters, digits, '_', '.', '-' (up to 64)."
}

# Host-side veth name of a container's link: derived from the name, within the 15-char limit.
ct_veth() { echo "vc$(printf '%s' "$1" | md5sum | cut -c1-10)"; }

# A network namespace /run/netns/<ct> on host I with lo up and IP/32 on eth0, gateway CT_GATEWAY
# on the host side. Runs again safely (replaces). The router's route is left alone: on a migration
# destination it must switch only after the restore, or the client's next packet meets no socket
# there and the connection is reset.
ctnet_create() {
  local i=$1 ct=$2 ip=$3 veth
  veth=$(ct_veth "$ct")
  in_host "$i" sh -c '
    set -e
    ct=$1; ip=$2; veth=$3; gw=$4; onlink=$5
    # Ignored on purpose: A fresh host has neither: a new namespace is made either way.
    ip netns del "$ct" 2>/dev/null || true
    # Ignored on purpose: Same: a veth left by an earlier run goes, none is fine too.
    ip link del "$veth" 2>/dev/null || true
    ip netns add "$ct"
    ip -n "$ct" link set lo up
    ip link add "$veth" type veth peer name eth0 netns "$ct"
    ip -n "$ct" addr add "$ip/32" dev eth0
    ip -n "$ct" link set eth0 up
    ip -n "$ct" route add "$gw" dev eth0 scope link
    ip -n "$ct" route add default via "$gw" dev eth0
    ip addr add "$gw/32" dev "$veth"
    ip link set "$veth" up
    ip route replace "$ip/32" dev "$veth"
    # An address on the lab segment itself is answered for by the host that runs it (proxy ARP): no route anywhere.
    if [ "$onlink" = yes ]; then ip neigh replace proxy "$ip" dev eth0; fi
  ' ctnet "$ct" "$ip" "$veth" "$CT_GATEWAY" "$(on_lab_segment "$ip" && echo yes || echo no)" ||
    die "could not set up the network of container $ct on $(host_name "$i")"
}

ctnet_delete() {
  local i=$1 ct=$2
  # Ignored on purpose: Deleting what is not there is the goal reached: ctnet --delete is idempotent.
  in_host "$i" sh -c 'ip netns del "$1" 2>/dev/null; ip link del "$2" 2>/dev/null; true' ctnet "$ct" "$(ct_veth "$ct")"
}

# Is the address on the lab's own segment (br0's /24) rather than routed?
on_lab_segment() { [ "${1%.*}" = "$LAB_SUBNET" ]; }

route_to() { # IP HOSTINDEX
  ip -n "$ROUTER_NS" route replace "$1/32" via "$(host_addr "$2")" ||
    die "could not route $1 via $(host_name "$2") in the router namespace"
}

runc_state() { # HOST CT -> status (running, paused, stopped, created) or nothing
  # runc's error for an unknown container goes nowhere, and its failure too: an empty answer is "no such container".
  { in_host "$1" runc state "$2" 2>/dev/null || true; } | jq -r '.status // empty'
}

# Creates and starts a container on host I. Stdio is /dev/null: CRIU cannot dump a process whose
# stdio is a file of the machine (field notes §4); runc's own errors go to a log we show on failure.
create_container() {
  local i=$1 ct=$2 workload=$3 ip=$4
  shift 4
  local hdir bundle inner argv=() state
  hdir=$(host_dir "$i")
  bundle=$hdir/var-lib-ferry/containers/$ct
  inner=/var/lib/ferry/containers/$ct
  mapfile -t argv < <(workload_args "$workload" "$@")
  [ ${#argv[@]} -gt 0 ] || exit 1
  state=$(runc_state "$i" "$ct")
  [ -z "$state" ] ||
    die "container $ct already exists on $(host_name "$i") ($state); pick another name or remove it: lab.sh exec $(host_name "$i") -- runc delete -f $ct"
  rm -rf "$bundle"
  mkdir -p "$bundle"
  cp -a "$DIR/rootfs-base" "$bundle/rootfs"
  # The container runs the workloads of the tree that made it: a lab started from another tree (or
  # before a workload was added or changed) has older ones in its base rootfs.
  local w
  for w in "${WORKLOADS[@]}"; do
    [ ! -x "$WORKLOAD_BIN/$w" ] || cmp -s "$WORKLOAD_BIN/$w" "$bundle/rootfs/usr/bin/$w" || cp "$WORKLOAD_BIN/$w" "$bundle/rootfs/usr/bin/$w"
  done
  if [ "$workload" = unix ] && [ ! -x "$bundle/rootfs/usr/bin/ferry-unix-peers" ]; then
    die "the workload ferry-unix-peers is not built in $WORKLOAD_BIN; build it: make -s -C native/workloads OUT=native/target/bin"
  fi
  local netns_path=""
  if [ -n "$ip" ]; then
    ctnet_create "$i" "$ct" "$ip"
    on_lab_segment "$ip" || route_to "$ip" "$i"
    netns_path=/run/netns/$ct
  fi
  if [ "$workload" = httpd ]; then
    mkdir -p "$bundle/rootfs/www"
    echo "hello from $ct" >"$bundle/rootfs/www/small"
    head -c 16M /dev/urandom >"$bundle/rootfs/www/big"
  fi
  write_config_json "$bundle/config.json" "$ct" "$workload" "$netns_path" "${argv[@]}"
  if ! in_host "$i" runc --log "/tmp/runc-run-$ct.log" run -d --bundle "$inner" "$ct" </dev/null >/dev/null 2>&1; then
    # Ignored on purpose: runc may have failed before writing its log: the message then ends at the colon.
    die "runc could not start $ct on $(host_name "$i"): $(tail -n 2 "$hdir/tmp/runc-run-$ct.log" 2>/dev/null | tr '\n' ' ')"
  fi
  rm -f "$hdir/tmp/runc-run-$ct.log"
}

# The samples `up` promises on the first host; a sample that exists on some host already is kept.
ensure_samples() {
  local i made=() spec ct workload ip state found
  [ "$HOSTS" -gt 0 ] || return 0
  for spec in "counter counter -" "memory memory -" "tcp-server tcp-server $SAMPLE_TCP_IP"; do
    read -r ct workload ip <<<"$spec"
    [ "$ip" = - ] && ip=""
    found=""
    for ((i = 0; i < HOSTS; i++)); do
      state=$(runc_state "$i" "$ct")
      if [ "$state" = running ]; then found=$i; break; fi
      # Ignored on purpose: The stale copy on the first host goes before a retry; if runc already removed it, so much the better.
      if [ -n "$state" ] && [ "$i" = 0 ]; then in_host 0 runc delete -f "$ct" >/dev/null 2>&1 || true; fi
    done
    [ -z "$found" ] || continue
    create_container 0 "$ct" "$workload" "$ip"
    made+=("$ct${ip:+ ($ip)}")
  done
  [ ${#made[@]} -eq 0 ] || say "sample containers on $(host_name 0): ${made[*]}"
}
