#!/usr/bin/env bash
# Ferry's demo lab: N real Linux "hosts" on one machine, each with its own network, mount and UTS
# namespaces, its own OpenSSH sshd, runc, CRIU and podman, joined by a bridge in a lab router
# namespace. The JVM reaches each host's sshd on 127.0.0.1:<port>. Field notes §4-§5 explain why
# it is built this way; native/lab/README.md describes the design and every subcommand.
set -euo pipefail

# Lab hosts and the tools they run must be found whatever PATH the caller had (criu is in /usr/local/sbin).
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

readonly LAB_ROOT=/var/lib/ferry-lab
readonly LAB_SUBNET=10.87.0
readonly ROUTER_ADDR=10.87.0.1
readonly FIRST_HOST_OCTET=11           # host i gets 10.87.0.(11+i)
readonly SAMPLE_TCP_IP=10.87.100.10    # container stable IPs come from 10.87.100.0/24
# Every container's gateway, the same on every host, so a restored container finds it again.
readonly CT_GATEWAY=169.254.1.1
readonly MAX_HOSTS=4
readonly HOST_LETTERS=(a b c d)
readonly DEFAULT_HOSTS=2
readonly DEFAULT_PORT_BASE=2221
readonly DEFAULT_SHAPE="rate 1gbit delay 0.1ms"
readonly PODMAN_IMAGE=localhost/ferry-busybox:lab
readonly WORKLOADS=(ferry-counter ferry-memory ferry-tcp-server ferry-tcp-client ferry-selfcheck ferry-unix-peers)
readonly SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly WORKLOAD_BIN=${FERRY_WORKLOAD_BIN:-$SCRIPT_DIR/../target/bin}
# Machine-wide record of what the labs created outside their own state dirs, so the last `down` undoes it.
readonly CREATED_LIST=$LAB_ROOT/.created
# Mount points the hosts bind their private dirs over; created (empty) when the machine lacks them.
readonly MOUNT_POINTS=(/var/lib/ferry /var/lib/containers /var/lib/cni)

say() { printf 'lab: %s\n' "$*"; }
warn() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Lab identity: everything a lab owns is named after --name, so two labs never share a thing.
# ---------------------------------------------------------------------------------------------
NAME=ferry
set_lab() {
  NAME=$1
  [[ $NAME =~ ^[a-z][a-z0-9]{0,11}$ ]] ||
    die "lab name '$NAME' is not valid: use 1-12 lower-case letters or digits, starting with a letter (e.g. --name flt)."
  DIR=$LAB_ROOT/$NAME
  ROUTER_NS=$NAME-lab
  CG_ROOT=ferry-lab-$NAME
  LOCK_FILE=/run/ferry-lab-$NAME.lock
}

host_name() { echo "$NAME-${HOST_LETTERS[$1]}"; }
host_dir() { echo "$DIR/hosts/$(host_name "$1")"; }
host_addr() { echo "$LAB_SUBNET.$((FIRST_HOST_OCTET + $1))"; }
host_port() { echo $((PORT_BASE + $1)); }
router_veth() { echo "veth-${HOST_LETTERS[$1]}"; }

# Lab settings (hosts, port base, default shape) live in lab.env so every subcommand sees the same lab.
load_settings() {
  [ -f "$DIR/lab.env" ] || return 1
  # shellcheck disable=SC1091
  . "$DIR/lab.env"
}

save_settings() {
  printf 'HOSTS=%q\nPORT_BASE=%q\nSHAPE=%q\n' "$HOSTS" "$PORT_BASE" "$SHAPE" >"$DIR/lab.env"
}

require_settings() {
  load_settings || die "lab $NAME is not running: start it with 'lab.sh up --name $NAME'."
}

# HOST may be given as the full name (ferry-b), the letter (b) or the index (1).
resolve_host() {
  local arg=$1 i
  for ((i = 0; i < HOSTS; i++)); do
    if [ "$arg" = "$(host_name "$i")" ] || [ "$arg" = "${HOST_LETTERS[$i]}" ] || [ "$arg" = "$i" ]; then
      echo "$i"
      return 0
    fi
  done
  die "no host '$arg' in lab $NAME; its hosts are: $(all_host_names)."
}

all_host_names() {
  local i out=()
  for ((i = 0; i < HOSTS; i++)); do out+=("$(host_name "$i")"); done
  echo "${out[*]}"
}

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------
require_linux_root() {
  [ "$(uname -s)" = Linux ] || die "the demo lab needs Linux."
  [ "$(id -u)" = 0 ] || die "the lab needs root: it creates network namespaces, mounts and cgroups. Run it as root."
}

require_tools() {
  local t missing=()
  for t in ip tc nsenter unshare socat runc criu busybox ssh ssh-keygen /usr/sbin/sshd flock; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] ||
    die "missing tools: ${missing[*]}. Prepare the machine first: native/lab/prepare.sh"
}

# One lab command at a time per lab: `up` and `down` racing would leave half of each. The lock file
# goes when no lab is left behind (a `down`, or an `up` that failed before making anything).
take_lock() {
  exec 9>"$LOCK_FILE"
  flock -w 120 9 || die "another lab.sh command holds $LOCK_FILE for more than 2 minutes; wait for it or kill it."
  trap 'lab_traces_exist || rm -f "$LOCK_FILE"' EXIT
}

# Records a path the lab created outside its state dir (kind: dir or netns-mount), once.
record_created() {
  mkdir -p "$LAB_ROOT"
  grep -qxF "$1 $2" "$CREATED_LIST" 2>/dev/null || echo "$1 $2" >>"$CREATED_LIST"
}

# ---------------------------------------------------------------------------------------------
# cgroups. Each host's holder and sshd (and so every ssh session, runc and criu run on that host)
# live in /ferry-lab-NAME/<host> in every v1 hierarchy, or /ferry-lab-NAME/<host>/sshd on a pure
# v2 machine. Containers use a relative cgroupsPath, which runc resolves against its own cgroup
# (v1) or that cgroup's parent (v2), so they land inside their host's subtree. `down` can then
# find every process the lab made, and the same container name on two hosts never collides.
# ---------------------------------------------------------------------------------------------
cg_pure_v2() { [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; }

# Mount points of all cgroup hierarchies (v1 ones, the hybrid unified one, or the v2 one).
cg_mounts() {
  awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
         if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo
}

# Leaf cgroup (relative to a hierarchy) for a group: a host index, or "fwd" for the forwarders.
cg_leaf() {
  if [ "$1" = fwd ]; then
    echo "$CG_ROOT/fwd"
  elif cg_pure_v2; then
    # v2 forbids processes in a cgroup whose children use controllers: sshd gets its own leaf.
    echo "$CG_ROOT/$(host_name "$1")/sshd"
  else
    echo "$CG_ROOT/$(host_name "$1")"
  fi
}

# Creates MOUNT/REL level by level, so each level gets what the kernel needs before use.
cg_make_path() {
  local mount=$1 rel=$2 path=$1 part
  local IFS=/
  for part in $rel; do
    [ -n "$part" ] || continue
    local parent=$path
    path=$path/$part
    if [ ! -d "$path" ]; then
      mkdir "$path" 2>/dev/null || [ -d "$path" ] || return 1
    fi
    # v1 cpuset: a new cgroup starts with no CPUs and no memory nodes; a process cannot join it.
    if [ -f "$path/cpuset.cpus" ] && [ -z "$(cat "$path/cpuset.cpus")" ]; then
      cat "$parent/cpuset.cpus" >"$path/cpuset.cpus"
      cat "$parent/cpuset.mems" >"$path/cpuset.mems"
    fi
  done
}

# v2: let runc use the controllers below a host's cgroup (only for dirs the lab owns).
cg_v2_enable_controllers() {
  local mount=$1 rel=$2 path=$1 part c
  local IFS=/
  for part in $rel; do
    [ -n "$part" ] || continue
    path=$path/$part
    [ "$part" = sshd ] || [ "$part" = fwd ] && break
    for c in $(cat "$path/cgroup.controllers"); do
      echo "+$c" >"$path/cgroup.subtree_control" 2>/dev/null || true
    done
  done
}

# Moves PID into the group's leaf in every hierarchy.
cg_join() {
  local pid=$1 group=$2 mount leaf
  leaf=$(cg_leaf "$group")
  for mount in $(cg_mounts); do
    cg_make_path "$mount" "$leaf" || die "cannot create cgroup $mount/$leaf; is $mount writable?"
    if cg_pure_v2; then cg_v2_enable_controllers "$mount" "$leaf"; fi
    echo "$pid" >"$mount/$leaf/cgroup.procs" || die "cannot move process $pid into $mount/$leaf"
  done
}

# Every process in any of the lab's cgroups, in any hierarchy.
cg_lab_pids() {
  local mount
  for mount in $(cg_mounts); do
    [ -d "$mount/$CG_ROOT" ] || continue
    find "$mount/$CG_ROOT" -name cgroup.procs -exec cat {} + 2>/dev/null || true
  done | sort -un
}

cg_lab_dirs_exist() {
  local mount
  for mount in $(cg_mounts); do [ -d "$mount/$CG_ROOT" ] && return 0; done
  return 1
}

# Removes the lab's cgroups depth-first; a cgroup whose last process just died may stay busy briefly.
cg_remove_all() {
  local mount try
  for try in $(seq 1 50); do
    for mount in $(cg_mounts); do
      [ -d "$mount/$CG_ROOT" ] || continue
      find "$mount/$CG_ROOT" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    cg_lab_dirs_exist || return 0
    sleep 0.1
  done
  warn "some cgroups of lab $NAME could not be removed: $(for m in $(cg_mounts); do [ -d "$m/$CG_ROOT" ] && echo -n "$m/$CG_ROOT "; done)"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Hosts. A host is a network namespace (/run/netns/NAME-x) plus a mount and UTS namespace held
# by a tiny `sleep infinity` (the holder), so the host survives its sshd being killed. Everything
# that runs "on" a host enters the holder's namespaces with nsenter after joining the host's
# cgroup. Not `ip netns exec`: it remounts /sys, and runc then finds no cgroup mount.
# ---------------------------------------------------------------------------------------------
netns_exists() { [ -e "/run/netns/$1" ] && ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$1"; }

netns_inode() { stat -L -c %i "/run/netns/$1" 2>/dev/null; }

ns_inode_of() { # PID KIND -> inode of /proc/PID/ns/KIND
  local link
  link=$(readlink "/proc/$1/ns/$2" 2>/dev/null) || return 1
  link=${link#*[}
  echo "${link%]}"
}

# Prints the PID in a host dir's holder.pid if that process is the host's holder: a pid file can
# outlive its process (a reboot keeps /var/lib), and nsenter into a stranger would be a disaster.
holder_pid_of_dir() {
  local hdir=$1 pid
  pid=$(cat "$hdir/holder.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "^ferry-lab:$(basename "$hdir") " || return 1
  echo "$pid"
}

# Prints host I's holder PID if it is alive and in the host's network namespace.
holder_pid() {
  local i=$1 pid
  pid=$(holder_pid_of_dir "$(host_dir "$i")") || return 1
  [ "$(ns_inode_of "$pid" net)" = "$(netns_inode "$(host_name "$i")")" ] || return 1
  echo "$pid"
}

# Runs a command on host I (its cgroup, net, mount and UTS namespaces); stdio passes through.
in_host() {
  local i=$1 pid
  shift
  pid=$(holder_pid "$i") ||
    die "host $(host_name "$i") is not running; repair the lab with 'lab.sh up --name $NAME'."
  (
    cg_join "$BASHPID" "$i"
    cd /
    exec nsenter -t "$pid" -m -u -n -- "$@"
  ) 9>&-
}

# Same, fully detached (new session, stdio on /dev/null) so it outlives lab.sh and any ssh channel.
# Run first in a subshell that becomes a daemon: closes every descriptor it inherited but the standard
# three, so that a lock held by whoever ran lab.sh (`flock FILE ./ferry lab up` passes its lock on fd 3)
# is not held for as long as the lab's daemons live.
close_inherited_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd=${fd##*/}
    case $fd in 0 | 1 | 2 | 255) ;; *) eval "exec $fd>&-" 2>/dev/null || true ;; esac
  done
}

in_host_detached() {
  local i=$1 pid
  shift
  pid=$(holder_pid "$i") || die "host $(host_name "$i") is not running"
  (
    close_inherited_fds
    cg_join "$BASHPID" "$i"
    cd /
    exec setsid nsenter -t "$pid" -m -u -n -- "$@"
  ) </dev/null >/dev/null 2>&1 9>&- &
}

# Runs a command in a network namespace of the lab (router or host) without entering its mounts.
in_netns() {
  local ns=$1
  shift
  nsenter --net="/run/netns/$ns" -- "$@"
}

# The holder's mount namespace sees the host's private dirs where a real host has its own:
# /run (runc state, netns, sshd, podman), /var/lib/ferry (Ferry's container store),
# /var/lib/containers and /var/lib/cni (podman storage and its network's address leases), /tmp,
# /root (its own home and ~/.ssh) and /etc/containers; /etc/hosts and the ssh client
# config are the lab's, so `ssh ferry-b` works from any host with the lab key.
holder_script() {
  cat <<'EOF'
set -eu
# Copies of the machine's /run/netns mounts would pin other labs' namespaces: drop them.
if mountpoint -q /run/netns; then umount -l /run/netns; fi
mount --bind "$HDIR/run" /run
mount --bind "$HDIR/var-lib-ferry" /var/lib/ferry
mount --bind "$HDIR/root-home" /root
mount --bind "$HDIR/var-lib-containers" /var/lib/containers
mount --bind "$HDIR/var-lib-cni" /var/lib/cni
mount --bind "$HDIR/tmp" /tmp
if [ -d /etc/containers ]; then mount --bind "$HDIR/etc-containers" /etc/containers; fi
mount --bind "$LABDIR/etc-hosts" /etc/hosts
mount --bind "$LABDIR/ssh_client_config" /etc/ssh/ssh_config
# Hybrid cgroups (v1 controllers + a v2 "unified" tree for tracking): runc 1.1 puts a container's
# unified cgroup at /<cgroupsPath> from the ROOT, ignoring its own cgroup, so the same name on two
# hosts would share one. Without the unified mount runc runs in plain v1 mode on the hosts, and
# containers stay in their host's unified cgroup.
if [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ] && [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
  umount /sys/fs/cgroup/unified
fi
hostname "$HOSTNAME_"
echo ready >"$HDIR/holder.ready"
exec -a "ferry-lab:$HOSTNAME_" sleep infinity
EOF
}

start_holder() {
  local i=$1 hdir name pid try
  hdir=$(host_dir "$i")
  name=$(host_name "$i")
  rm -f "$hdir/holder.ready"
  (
    close_inherited_fds
    cg_join "$BASHPID" "$i"
    cd /
    export HDIR=$hdir LABDIR=$DIR HOSTNAME_=$name
    exec setsid nsenter --net="/run/netns/$name" -- \
      unshare --mount --uts --propagation private -- bash -c "$(holder_script)"
  ) </dev/null >/dev/null 2>"$hdir/holder.log" 9>&- &
  pid=$!
  echo "$pid" >"$hdir/holder.pid"
  for try in $(seq 1 100); do
    [ -f "$hdir/holder.ready" ] && holder_pid "$i" >/dev/null && return 0
    [ -d "/proc/$pid" ] || break
    sleep 0.05
  done
  die "host $name did not start: $(tail -n 3 "$hdir/holder.log" 2>/dev/null | tr '\n' ' ')"
}

# ---------------------------------------------------------------------------------------------
# Network: router namespace with br0; one veth per host (router side veth-x on br0, host side eth0).
# Everything is created inside the lab's namespaces: the machine's own interfaces are never touched.
# ---------------------------------------------------------------------------------------------
setup_router() {
  ip netns add "$ROUTER_NS"
  ip -n "$ROUTER_NS" link set lo up
  ip -n "$ROUTER_NS" link add br0 type bridge
  ip -n "$ROUTER_NS" addr add "$ROUTER_ADDR/24" dev br0
  ip -n "$ROUTER_NS" link set br0 up
  # The router forwards to container /32 routes. It must not send ICMP redirects: hosts would
  # cache "go straight to host A" and keep using it after the container has moved.
  in_netns "$ROUTER_NS" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
    net.ipv4.conf.default.send_redirects=0 net.ipv4.conf.br0.send_redirects=0
  # The hosts' address hook moves routes in the router: they see its namespace here (their /run/netns is their own).
  : >"$DIR/router-netns"
  mount --bind "/run/netns/$ROUTER_NS" "$DIR/router-netns"
}

# Ferry's address hook on host I (/var/lib/ferry/hooks/address, see README "Addresses"): the lab is a
# routed network, so "take" routes the container's addresses to this host in the router.
write_address_hook() {
  local i=$1 hook
  hook=$(host_dir "$i")/var-lib-ferry/hooks/address
  mkdir -p "${hook%/*}"
  cat >"$hook" <<EOF
#!/bin/sh
# The demo lab's address hook for $(host_name "$i"): Ferry runs 'address take CONTAINER ADDRESS...' here once
# the container runs on this host, before it takes traffic. Anything else is not the lab's business.
[ "\$1" = take ] || exit 0
shift 2
for a; do nsenter --net=$DIR/router-netns ip route replace "\$a/32" via $(host_addr "$i") || exit 1; done
EOF
  chmod 755 "$hook"
}

setup_host_net() {
  local i=$1 ns addr veth
  ns=$(host_name "$i")
  addr=$(host_addr "$i")
  veth=$(router_veth "$i")
  ip netns add "$ns"
  ip -n "$ROUTER_NS" link add "$veth" type veth peer name eth0 netns "$ns"
  ip -n "$ROUTER_NS" link set "$veth" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$ROUTER_ADDR"
  # Hosts forward to the containers they run (stable IPs) and ignore redirects (see setup_router).
  in_netns "$ns" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.accept_redirects=0 \
    net.ipv4.conf.default.accept_redirects=0 net.ipv4.conf.all.send_redirects=0 \
    net.ipv4.neigh.eth0.proxy_delay=0
}

# Shapes both ends of a host's link (host NIC egress and bridge port egress), like a switched LAN:
# a packet from host A to host B crosses two links, so it sees the delay twice. The spec is netem's
# ("rate 1gbit delay 0.1ms"). Kernels without netem (CONFIG_NET_SCH_NETEM, e.g. this machine's)
# get the rate alone through tbf, and a warning that delay, loss and the rest are not emulated.
apply_shape() {
  local i=$1 spec=$2 qdisc=()
  if [ "$spec" = none ]; then
    tc -n "$(host_name "$i")" qdisc del dev eth0 root 2>/dev/null || true
    tc -n "$ROUTER_NS" qdisc del dev "$(router_veth "$i")" root 2>/dev/null || true
    echo "none" >"$(host_dir "$i")/shape"
    return 0
  fi
  shape_qdisc "$spec"
  qdisc=("${QDISC[@]+"${QDISC[@]}"}")
  if [ ${#qdisc[@]} -eq 0 ]; then
    tc -n "$(host_name "$i")" qdisc del dev eth0 root 2>/dev/null || true
    tc -n "$ROUTER_NS" qdisc del dev "$(router_veth "$i")" root 2>/dev/null || true
  else
    tc -n "$(host_name "$i")" qdisc replace dev eth0 root "${qdisc[@]}" ||
      die "tc rejected '$spec' (as: ${qdisc[*]}); see 'man tc-netem', e.g. \"rate 1gbit delay 0.1ms\""
    tc -n "$ROUTER_NS" qdisc replace dev "$(router_veth "$i")" root "${qdisc[@]}"
  fi
  echo "$spec${qdisc[0]:+ ($(shape_note "${qdisc[@]}"))}" >"$(host_dir "$i")/shape"
  [ ${#qdisc[@]} -gt 0 ] || echo "$spec (not applied: no netem and no rate)" >"$(host_dir "$i")/shape"
}

shape_note() { [ "$1" = netem ] && echo netem || echo "tbf, no netem in this kernel"; }

NETEM=""
netem_available() {
  if [ -z "$NETEM" ]; then
    NETEM=no
    if tc -n "$ROUTER_NS" qdisc add dev lo root netem 2>/dev/null; then
      NETEM=yes
      tc -n "$ROUTER_NS" qdisc del dev lo root 2>/dev/null || true
    fi
  fi
  [ "$NETEM" = yes ]
}

# Sets QDISC to the qdisc (kind and arguments) that realises a netem spec here; empty if none can.
QDISC=()
shape_qdisc() {
  local spec=$1 words rate="" w ignored=()
  QDISC=()
  if netem_available; then
    read -ra QDISC <<<"netem $spec"
    return 0
  fi
  read -ra words <<<"$spec"
  for ((w = 0; w < ${#words[@]}; w++)); do
    if [ "${words[$w]}" = rate ] && [ $((w + 1)) -lt ${#words[@]} ]; then
      rate=${words[$((w + 1))]}
      w=$((w + 1))
    else
      ignored+=("${words[$w]}")
    fi
  done
  [ ${#ignored[@]} -eq 0 ] || [ -n "${SHAPE_WARNED:-}" ] ||
    warn "this kernel has no netem qdisc (CONFIG_NET_SCH_NETEM): '${ignored[*]}' is not emulated${rate:+, links get only the rate $rate (tbf)}"
  SHAPE_WARNED=1
  # Burst: veth hands tbf GSO packets of up to 64 KiB. At 1gbit, scp-like traffic between two hosts
  # measured 100 MiB/s with a 1 MB burst, 82 MiB/s with 256 KB (2026-11-23, this machine).
  [ -z "$rate" ] || QDISC=(tbf rate "$rate" burst 1mb latency 5ms)
}

link_state() { # up | cut | missing
  local flags
  flags=$(ip -n "$ROUTER_NS" -o link show "$(router_veth "$1")" 2>/dev/null) || { echo missing; return; }
  case $flags in *"<"*UP*">"*) echo up ;; *) echo cut ;; esac
}

# ---------------------------------------------------------------------------------------------
# SSH: one lab key (root login by key only), one host key per host, a client config for the JVM
# (127.0.0.1:port) and one for host-to-host ssh inside the hosts (10.87.0.x:22).
# ---------------------------------------------------------------------------------------------
write_sshd_config() {
  local i=$1 hdir
  hdir=$(host_dir "$i")
  cat >"$hdir/sshd_config" <<EOF
# sshd of lab host $(host_name "$i"), written by lab.sh
Port 22
ListenAddress 0.0.0.0
HostKey $hdir/ssh_host_ed25519_key
PidFile $hdir/sshd.pid
# A host's own root keys first (Ferry adds a key there for the length of one migration), then the lab key.
AuthorizedKeysFile .ssh/authorized_keys $DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
# Root still cannot log in with a password; tests need a real wrong-password answer.
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
# Ferry runs many channels on one connection, and tests open many connections at once.
MaxSessions 100
MaxStartups 100:30:200
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
}

write_ssh_files() {
  local i name addr port pub
  : >"$DIR/known_hosts"
  {
    echo "# ssh config of lab $NAME, written by lab.sh: ssh -F $DIR/ssh_config $(host_name 0)"
    for ((i = 0; i < HOSTS; i++)); do
      cat <<EOF

Host $(host_name "$i")
  HostName 127.0.0.1
  Port $(host_port "$i")
  User root
  IdentityFile $DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
EOF
    done
  } >"$DIR/ssh_config"
  # Inside the hosts (bound over /etc/ssh/ssh_config): host-to-host ssh with the lab key.
  cat >"$DIR/ssh_client_config" <<EOF
# ssh client config inside the hosts of lab $NAME, written by lab.sh
Host *
  User root
  IdentityFile $DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
EOF
  { echo "127.0.0.1 localhost"; } >"$DIR/etc-hosts"
  for ((i = 0; i < HOSTS; i++)); do
    name=$(host_name "$i")
    addr=$(host_addr "$i")
    port=$(host_port "$i")
    pub=$(cut -d' ' -f1,2 "$(host_dir "$i")/ssh_host_ed25519_key.pub")
    echo "[127.0.0.1]:$port $pub" >>"$DIR/known_hosts"
    echo "$name,$addr $pub" >>"$DIR/known_hosts"
    echo "$addr $name" >>"$DIR/etc-hosts"
  done
}

make_keys() {
  local i hdir
  ssh-keygen -q -t ed25519 -N '' -C "ferry-lab-$NAME" -f "$DIR/id_ed25519"
  cp "$DIR/id_ed25519.pub" "$DIR/authorized_keys"
  chmod 600 "$DIR/authorized_keys"
  for ((i = 0; i < HOSTS; i++)); do
    hdir=$(host_dir "$i")
    ssh-keygen -q -t ed25519 -N '' -C "$(host_name "$i")" -f "$hdir/ssh_host_ed25519_key"
  done
}

sshd_pid() {
  local pid
  pid=$(cat "$(host_dir "$1")/sshd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/sshd ] || return 1
  # A pid file can outlive its sshd; make sure this one serves this host.
  [ "$(ns_inode_of "$pid" net)" = "$(netns_inode "$(host_name "$1")")" ] || return 1
  echo "$pid"
}

listening() { # NETNS-or-"" PORT: is someone listening on tcp PORT?
  local out
  if [ -n "$1" ]; then out=$(in_netns "$1" ss -Hltn "sport = :$2" 2>/dev/null); else out=$(ss -Hltn "sport = :$2" 2>/dev/null); fi
  [ -n "$out" ]
}

start_sshd() {
  local i=$1 hdir try
  hdir=$(host_dir "$i")
  mkdir -p "$hdir/run/sshd"
  rm -f "$hdir/sshd.pid"
  in_host_detached "$i" /usr/sbin/sshd -D -f "$hdir/sshd_config" -E "$hdir/sshd.log"
  for try in $(seq 1 100); do
    sshd_pid "$i" >/dev/null && listening "$(host_name "$i")" 22 && return 0
    sleep 0.05
  done
  die "sshd on $(host_name "$i") did not start; see $hdir/sshd.log"
}

# Every sshd process of a host (listener and per-connection children): same netns, exe sshd.
host_sshd_pids() {
  local i=$1 inode p
  inode=$(netns_inode "$(host_name "$i")") || return 0
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = /usr/sbin/sshd ] || continue
    [ "$(ns_inode_of "$p" net)" = "$inode" ] && echo "$p"
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# Forwarders: 127.0.0.1:port in the machine -> host's sshd. One JVM connection becomes exactly one
# TCP connection to the host's sshd (socat forks per connection and connects from inside the host).
# ---------------------------------------------------------------------------------------------
fwd_pid() {
  local pid
  pid=$(cat "$(host_dir "$1")/fwd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "TCP-LISTEN:$(host_port "$1")," || return 1
  echo "$pid"
}

start_forwarder() {
  local i=$1 port name hdir try
  port=$(host_port "$i")
  name=$(host_name "$i")
  hdir=$(host_dir "$i")
  if listening "" "$port"; then
    die "port 127.0.0.1:$port is already in use ($(ss -Hltnp "sport = :$port" | grep -o 'users:.*' | head -n1)); pick other ports with --port-base."
  fi
  (
    close_inherited_fds
    cg_join "$BASHPID" fwd
    cd /
    exec setsid socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
      "EXEC:\"nsenter --net=/run/netns/$name socat STDIO TCP:127.0.0.1:22\""
  ) </dev/null >/dev/null 2>&1 9>&- &
  echo $! >"$hdir/fwd.pid"
  for try in $(seq 1 100); do
    listening "" "$port" && return 0
    sleep 0.05
  done
  die "the forwarder for $name on 127.0.0.1:$port did not start"
}

# ---------------------------------------------------------------------------------------------
# Base root filesystem for containers: busybox-static plus Ferry's workloads.
# ---------------------------------------------------------------------------------------------
require_workloads() {
  local w
  for w in "${WORKLOADS[@]}"; do
    [ -x "$WORKLOAD_BIN/$w" ] ||
      die "the workload binaries are not built in $WORKLOAD_BIN; build them: make -s -C native/workloads OUT=native/target/bin"
  done
}

build_rootfs() {
  local base=$DIR/rootfs-base applet
  rm -rf "$base"
  mkdir -p "$base"/{bin,sbin,usr/bin,usr/sbin,etc,root,var/log,tmp,proc,sys,dev,run}
  chmod 1777 "$base/tmp"
  cp "$(command -v busybox)" "$base/bin/busybox"
  for applet in $(busybox --list-full); do
    [ -e "$base/$applet" ] || ln -s /bin/busybox "$base/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$base/etc/passwd"
  echo 'root:x:0:' >"$base/etc/group"
  echo '127.0.0.1 localhost' >"$base/etc/hosts"
  sync_workloads
}

# Copies the workloads into the base rootfs (again on every `up`, so rebuilt ones are picked up).
sync_workloads() {
  local w
  require_workloads
  for w in "${WORKLOADS[@]}"; do
    cmp -s "$WORKLOAD_BIN/$w" "$DIR/rootfs-base/usr/bin/$w" || cp "$WORKLOAD_BIN/$w" "$DIR/rootfs-base/usr/bin/$w"
  done
}

import_podman_image() {
  local i=$1
  command -v podman >/dev/null 2>&1 || return 0
  if in_host "$i" podman image exists "$PODMAN_IMAGE" 2>/dev/null; then return 0; fi
  tar -C "$DIR/rootfs-base" -cf - . | in_host "$i" podman import -q - "$PODMAN_IMAGE" >/dev/null ||
    die "podman import on $(host_name "$i") failed; try: lab.sh exec $(host_name "$i") -- podman info"
}

write_podman_conf() {
  local hdir=$1
  [ -d /etc/containers ] || return 0
  cp -a /etc/containers/. "$hdir/etc-containers/"
  # runc, because Debian's crun has no CRIU; file events and cgroupfs, because there is no systemd;
  # the ulimits, because root here lacks CAP_SYS_RESOURCE (field notes §4).
  cat >"$hdir/etc-containers/containers.conf" <<'EOF'
# podman on a Ferry lab host, written by lab.sh
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

# ---------------------------------------------------------------------------------------------
# Containers (runc bundles in the host's /var/lib/ferry/containers/<name>).
# ---------------------------------------------------------------------------------------------
json_str() { # JSON string literal for $1
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/\\t}
  s=${s//$'\n'/\\n}
  printf '"%s"' "$s"
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
    sleep) bin=sleep ;;
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
    ip netns del "$ct" 2>/dev/null || true
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
  in_host "$i" sh -c 'ip netns del "$1" 2>/dev/null; ip link del "$2" 2>/dev/null; true' ctnet "$ct" "$(ct_veth "$ct")"
}

# Is the address on the lab's own segment (br0's /24) rather than routed?
on_lab_segment() { [ "${1%.*}" = "$LAB_SUBNET" ]; }

route_to() { # IP HOSTINDEX
  ip -n "$ROUTER_NS" route replace "$1/32" via "$(host_addr "$2")" ||
    die "could not route $1 via $(host_name "$2") in the router namespace"
}

runc_state() { # HOST CT -> status (running, paused, stopped, created) or nothing
  { in_host "$1" runc state "$2" 2>/dev/null || true; } | sed -n 's/^ *"status": *"\([a-z]*\)".*/\1/p'
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
    die "runc could not start $ct on $(host_name "$i"): $(tail -n 2 "$hdir/tmp/runc-run-$ct.log" 2>/dev/null | tr '\n' ' ')"
  fi
  rm -f "$hdir/tmp/runc-run-$ct.log"
}

# The samples `up` promises on the first host; a sample that exists on some host already is kept.
ensure_samples() {
  local i made=() spec ct workload ip state found
  for spec in "counter counter -" "memory memory -" "tcp-server tcp-server $SAMPLE_TCP_IP"; do
    read -r ct workload ip <<<"$spec"
    [ "$ip" = - ] && ip=""
    found=""
    for ((i = 0; i < HOSTS; i++)); do
      state=$(runc_state "$i" "$ct")
      if [ "$state" = running ]; then found=$i; break; fi
      if [ -n "$state" ] && [ "$i" = 0 ]; then in_host 0 runc delete -f "$ct" >/dev/null 2>&1 || true; fi
    done
    [ -z "$found" ] || continue
    create_container 0 "$ct" "$workload" "$ip"
    made+=("$ct${ip:+ ($ip)}")
  done
  [ ${#made[@]} -eq 0 ] || say "sample containers on $(host_name 0): ${made[*]}"
}

# ---------------------------------------------------------------------------------------------
# lab.json: what the Java tests read.
# ---------------------------------------------------------------------------------------------
write_lab_json() {
  local i sep=""
  {
    printf '{"name":"%s","dir":"%s","sshConfig":"%s/ssh_config","knownHosts":"%s/known_hosts","identity":"%s/id_ed25519","router":{"netns":"%s","address":"%s"},"hosts":[' \
      "$NAME" "$DIR" "$DIR" "$DIR" "$DIR" "$ROUTER_NS" "$ROUTER_ADDR"
    for ((i = 0; i < HOSTS; i++)); do
      printf '%s{"name":"%s","port":%d,"address":"%s","netns":"%s","dir":"%s"}' \
        "$sep" "$(host_name "$i")" "$(host_port "$i")" "$(host_addr "$i")" "$(host_name "$i")" "$(host_dir "$i")"
      sep=","
    done
    printf ']}\n'
  } >"$DIR/lab.json.tmp"
  mv "$DIR/lab.json.tmp" "$DIR/lab.json"
}

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
}

# What is left of this lab on the machine (even from an `up` killed half-way), one item per word.
lab_traces() {
  local l m found=()
  [ -e "$DIR" ] && found+=("$DIR")
  for l in lab "${HOST_LETTERS[@]}"; do [ -e "/run/netns/$NAME-$l" ] && found+=("/run/netns/$NAME-$l"); done
  for m in $(cg_mounts); do [ -d "$m/$CG_ROOT" ] && found+=("$m/$CG_ROOT"); done
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

# ---------------------------------------------------------------------------------------------
# Teardown: finds what to remove from the machine itself (cgroups, namespaces, the state dir),
# never from a record that an interrupted `up` may not have written.
# ---------------------------------------------------------------------------------------------
lab_netns_names() {
  local l
  echo "$ROUTER_NS"
  for l in "${HOST_LETTERS[@]}"; do echo "$NAME-$l"; done
}

# Processes whose mount namespace is one of the lab hosts' (podman's conmon lives outside our cgroups).
host_mntns_pids() {
  local inodes=() d pid ino p
  for d in "$DIR"/hosts/*; do
    pid=$(holder_pid_of_dir "$d") || continue
    ino=$(ns_inode_of "$pid" mnt 2>/dev/null) || continue
    [ "$ino" != "$(ns_inode_of $$ mnt)" ] && inodes+=("$ino")
  done
  [ ${#inodes[@]} -gt 0 ] || return 0
  for p in /proc/[0-9]*; do
    ino=$(ns_inode_of "${p#/proc/}" mnt 2>/dev/null) || continue
    for d in "${inodes[@]}"; do [ "$ino" = "$d" ] && echo "${p#/proc/}"; done
  done
  return 0
}

# Podman puts its containers in /libpod_parent/libpod-<id> (cgroupfs), outside the host's cgroup;
# the ids are those in the hosts' private podman storage.
podman_ct_ids() {
  local d
  for d in "$DIR"/hosts/*/var-lib-containers/storage/overlay-containers/*/; do
    [ -d "$d" ] && basename "$d"
  done
  return 0
}

podman_ct_cgroups() {
  local id mount
  for id in $(podman_ct_ids); do
    for mount in $(cg_mounts); do
      [ -d "$mount/libpod_parent/libpod-$id" ] && echo "$mount/libpod_parent/libpod-$id"
    done
  done
  return 0
}

lab_pids() {
  local ns cg
  {
    cg_lab_pids
    for cg in $(podman_ct_cgroups); do cat "$cg/cgroup.procs" 2>/dev/null; done
    for ns in $(lab_netns_names); do
      [ -e "/run/netns/$ns" ] && ip netns pids "$ns" 2>/dev/null
    done
    host_mntns_pids
  } | sort -un | grep -vx "$$" || true
}

# Podman puts its containers in /libpod_parent, outside the host's cgroup: remove them through
# podman while the hosts still run.
remove_podman_containers() {
  local d i pid
  command -v podman >/dev/null 2>&1 || return 0
  for d in "$DIR"/hosts/*; do
    [ -n "$(ls -A "$d/var-lib-containers/storage/overlay-containers" 2>/dev/null)" ] || continue
    pid=$(holder_pid_of_dir "$d") || continue
    timeout 60 nsenter -t "$pid" -m -u -n -- podman rm -a -f -t 0 >/dev/null 2>&1 || true
  done
}

kill_lab_processes() {
  local pids try total=0
  for try in $(seq 1 100); do
    pids=$(lab_pids)
    [ -n "$pids" ] || { echo "$total"; return 0; }
    total=$((total + $(echo "$pids" | wc -l)))
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.05
  done
  warn "processes of lab $NAME survived SIGKILL: $(lab_pids | tr '\n' ' ')"
  echo "$total"
}

delete_netns_all() {
  local ns
  for ns in $(lab_netns_names); do
    [ -e "/run/netns/$ns" ] || continue
    ip netns del "$ns" 2>/dev/null || true
    # An `up` killed between creating the file and mounting it leaves a plain file.
    if [ -e "/run/netns/$ns" ]; then
      umount -l "/run/netns/$ns" 2>/dev/null || true
      rm -f "/run/netns/$ns"
    fi
  done
}

# Mounts in the machine's namespace under the lab dir (none by design; defensive).
umount_under_dir() {
  local m
  awk -v d="$DIR" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# When no lab is left: undo what the labs created outside their dirs (the /run/netns mount made by
# `ip netns add`, empty mount-point dirs), then the lab root itself.
cleanup_machine_wide() {
  local other kind path m
  other=$(find "$LAB_ROOT" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n1)
  [ -z "$other" ] || return 0
  if [ -f "$CREATED_LIST" ]; then
    while read -r kind path; do
      case $kind in
        netns-mount)
          if [ -z "$(ls -A "$path" 2>/dev/null)" ] && mountpoint -q "$path"; then
            umount "$path" 2>/dev/null || umount -l "$path" 2>/dev/null || true
          fi
          ;;
        dir) rmdir "$path" 2>/dev/null || true ;;
        cgroup)
          for m in $(cg_mounts); do
            [ -d "$m/$path" ] || continue
            find "$m/$path" -depth -type d -exec rmdir {} \; 2>/dev/null || true
          done
          ;;
      esac
    done < <(tac "$CREATED_LIST")
  fi
  rm -f "$CREATED_LIST"
  rmdir "$LAB_ROOT" 2>/dev/null || true
}

teardown() {
  local killed
  client_heal_all
  remove_podman_containers
  killed=$(kill_lab_processes)
  delete_netns_all
  podman_ct_cgroups | xargs -r rmdir 2>/dev/null || true
  cg_remove_all || true
  umount_under_dir
  rm -rf "$DIR"
  cleanup_machine_wide
  echo "$killed"
}


# ---------------------------------------------------------------------------------------------
# Faults for the fault matrix (src/test/java/dev/ferry/e2e/faults): each has its undo, and
# `up` undoes every one of them (a crashed host is booted, cut client links healed, fills removed).
# ---------------------------------------------------------------------------------------------
client_rule_tag() { echo "ferry-lab-$NAME-client-$(host_name "$1")"; }

# The client (root namespace) reaches host I through 127.0.0.1:PORT. Dropping both directions on lo
# is a silent cut, as a pulled cable: open connections hang instead of being reset.
client_cut() {
  local i=$1 port tag
  port=$(host_port "$i")
  tag=$(client_rule_tag "$i")
  command -v iptables >/dev/null 2>&1 || die "client-cut needs iptables in the machine's namespace."
  client_heal "$i"
  iptables -w -I INPUT -i lo -p tcp --dport "$port" -m comment --comment "$tag" -j DROP
  iptables -w -I INPUT -i lo -p tcp --sport "$port" -m comment --comment "$tag" -j DROP
}

client_heal() {
  local i=$1 tag rule
  tag=$(client_rule_tag "$i")
  command -v iptables >/dev/null 2>&1 || return 0
  { iptables -w -S INPUT 2>/dev/null || true; } | { grep -F -- "--comment $tag " || true; } | sed 's/^-A /-D /' | while read -r rule; do
    # shellcheck disable=SC2086
    iptables -w $rule 2>/dev/null || true
  done
}

client_heal_all() {
  local rule
  command -v iptables >/dev/null 2>&1 || return 0
  { iptables -w -S INPUT 2>/dev/null || true; } | { grep -F -- "--comment ferry-lab-$NAME-client-" || true; } | sed 's/^-A /-D /' | while read -r rule; do
    # shellcheck disable=SC2086
    iptables -w $rule 2>/dev/null || true
  done
}

client_link_state() { # up | cut
  if { iptables -w -S INPUT 2>/dev/null || true; } | grep -qF -- "--comment $(client_rule_tag "$1") "; then echo cut; else echo up; fi
}

# Every process of host I, as a reboot would end them: its cgroup subtree (sshd, containers, what
# ssh sessions started), everything in its network namespace (incl. the forwarder's per-connection
# legs) and everything in its mount namespace (watchdogs, CRIU).
host_pids() {
  local i=$1 mount inode pid p
  {
    for mount in $(cg_mounts); do
      [ -d "$mount/$CG_ROOT/$(host_name "$i")" ] || continue
      find "$mount/$CG_ROOT/$(host_name "$i")" -name cgroup.procs -exec cat {} + 2>/dev/null || true
    done
    ip netns pids "$(host_name "$i")" 2>/dev/null || true
    if pid=$(holder_pid "$i"); then
      inode=$(ns_inode_of "$pid" mnt)
      for p in /proc/[0-9]*; do
        [ "$(ns_inode_of "${p#/proc/}" mnt 2>/dev/null)" = "$inode" ] && echo "${p#/proc/}"
      done
    fi
  } | sort -un | { grep -vx "$$" || true; } | while read -r pid; do
    # Zombies are dead already; this sandbox's PID 1 reaps them late (see Caveats in README.md).
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] || [ ! -d "/proc/$pid" ] || echo "$pid"
  done || true
}

host_thaw() {
  local mount d
  for mount in $(cg_mounts); do
    d="$mount/$CG_ROOT/$(host_name "$1")"
    [ -d "$d" ] || continue
    find "$d" -name freezer.state -exec sh -c 'echo THAWED > "$1"' thaw {} \; 2>/dev/null || true
    find "$d" -name cgroup.freeze -exec sh -c 'echo 0 > "$1"' thaw {} \; 2>/dev/null || true
  done
}

# A power cut: every process of the host dies at once; what a reboot clears (/run, /tmp) is cleared;
# the disk (/var/lib/ferry, /root) keeps what it had.
host_crash() {
  local i=$1 hdir pids try
  hdir=$(host_dir "$i")
  for try in $(seq 1 50); do
    pids=$(host_pids "$i")
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    # A paused (frozen) container's processes take the SIGKILL only once thawed.
    host_thaw "$i"
    sleep 0.1
  done
  [ -z "$(host_pids "$i")" ] || die "processes of $(host_name "$i") survived SIGKILL: $(host_pids "$i" | tr '\n' ' ')"
  # Nothing holds the host's mounts any more, so its bind mounts and netns files are plain files now.
  find "$hdir/run" -mindepth 1 -delete 2>/dev/null || rm -rf "${hdir:?}/run/"* 2>/dev/null || true
  find "$hdir/tmp" -mindepth 1 -delete 2>/dev/null || true
  mkdir -p "$hdir"/run/{netns,runc,containers,libpod,sshd,lock}
  rm -f "$hdir/holder.pid" "$hdir/holder.ready" "$hdir/sshd.pid"
  date +%s >"$hdir/crashed"
}

host_boot() {
  local i=$1
  start_holder "$i"
  start_sshd "$i"
  rm -f "$(host_dir "$i")/crashed"
}

# A full disk at PATH on host I: a tmpfs holding a copy of PATH's files, filled to the last byte.
# The original directory stays reachable under /run/lab-fill, so `unfill` can write back whatever
# happened while the disk was full (a truncated file stays truncated) and unmount.
fill_id() { echo "$1" | tr '/' '_'; }

host_fill() {
  local i=$1 path=$2
  in_host "$i" sh -c '
    set -e
    path=$1; keep=/run/lab-fill/$2
    if grep -q " $path tmpfs " /proc/self/mounts && [ -d "$keep" ]; then echo "already full"; exit 0; fi
    mkdir -p "$path" "$keep"
    mount --bind "$path" "$keep"
    kib=$(du -sk "$path" | cut -f1)
    mount -t tmpfs -o "size=$((kib + 1024))k,mode=$(stat -c %a "$path")" lab-fill "$path"
    cp -a "$keep/." "$path/"
    dd if=/dev/zero of="$path/.lab-fill" bs=4k 2>/dev/null || true
    echo "free: $(df -k "$path" | awk "NR==2 {print \$4}") KiB"
  ' fill "$path" "$(fill_id "$path")"
}

host_unfill() {
  local i=$1 path=$2
  in_host "$i" sh -c '
    path=$1; keep=/run/lab-fill/$2
    [ -d "$keep" ] && mountpoint -q "$keep" || { echo "not full"; exit 0; }
    rm -f "$path/.lab-fill"
    rsync -a --delete --exclude /.lab-fill "$path/" "$keep/"
    umount -l "$path"
    umount -l "$keep"
    rmdir "$keep"
  ' unfill "$path" "$(fill_id "$path")"
}

# Host I's fills, as PATHs.
host_fills() {
  local pid
  pid=$(holder_pid "$1") || return 0
  awk '$1 == "lab-fill" && $3 == "tmpfs" { print $2 }' "/proc/$pid/mounts" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------------------------
cmd_up() {
  local want_hosts="" want_port="" want_shape=""
  while [ $# -gt 0 ]; do
    case $1 in
      --hosts) want_hosts=${2:?--hosts needs a number}; shift 2 ;;
      --port-base) want_port=${2:?--port-base needs a port}; shift 2 ;;
      --shape) want_shape=${2:?--shape needs netem arguments or none}; shift 2 ;;
      *) die "up: unknown option '$1'; usage: lab.sh up [--name NAME] [--hosts N] [--port-base PORT] [--shape \"netem args\"|none]" ;;
    esac
  done
  if [ -n "$want_hosts" ] && ! [[ $want_hosts =~ ^[1-$MAX_HOSTS]$ ]]; then
    die "--hosts must be 1 to $MAX_HOSTS (got '$want_hosts')."
  fi
  if [ -n "$want_port" ] && ! { [[ $want_port =~ ^[0-9]{4,5}$ ]] && [ "$want_port" -ge 1024 ] && [ "$want_port" -le 65000 ]; }; then
    die "--port-base must be a port from 1024 to 65000 (got '$want_port')."
  fi
  require_tools
  take_lock

  # An existing lab keeps its settings unless an option asks for a change.
  if load_settings; then
    local old="$HOSTS $PORT_BASE"
    HOSTS=${want_hosts:-$HOSTS}
    PORT_BASE=${want_port:-$PORT_BASE}
    SHAPE=${want_shape:-$SHAPE}
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
    if lab_traces_exist; then
      say "removing the remains of an earlier lab $NAME: $(lab_traces | cut -c1-200)"
      teardown >/dev/null
    fi
  fi
  build_lab
}

build_lab() {
  local i t0=$SECONDS
  say "building lab $NAME: $HOSTS hosts, ssh on 127.0.0.1:$PORT_BASE-$((PORT_BASE + HOSTS - 1)), links \"$SHAPE\""
  require_workloads
  for ((i = 0; i < HOSTS; i++)); do
    listening "" "$(host_port "$i")" &&
      die "port 127.0.0.1:$(host_port "$i") is already in use; pick other ports with --port-base."
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
  write_lab_json
  say "lab $NAME is up in $((SECONDS - t0)) s: ssh -F $DIR/ssh_config $(host_name 0)"
}

# Things outside the lab dir the hosts need: /run/netns (made a mount by `ip netns add`, recorded
# so the last `down` unmounts it) and empty mount points for the hosts' private dirs.
prepare_machine() {
  local d
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
  write_lab_json
  if [ ${#fixed[@]} -gt 0 ]; then say "restarted: ${fixed[*]}"; fi
  say "lab $NAME is up (it was already running): ssh -F $DIR/ssh_config $(host_name 0)"
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
      printf '{"name":"%s","running":false,"healthy":false,"hosts":[]}\n' "$NAME"
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
    shape=$(cat "$(host_dir "$i")/shape" 2>/dev/null || echo "?")
    rows+=("$(host_name "$i")|$(host_port "$i")|$(host_addr "$i")|$sshd|$fwd|$link|$shape")
  done
  if [ $json = 1 ]; then
    local sep="" row n p a s f l sh
    printf '{"name":"%s","running":true,"healthy":%s,"sshConfig":"%s/ssh_config","hosts":[' "$NAME" "$healthy" "$DIR"
    for row in "${rows[@]}"; do
      IFS='|' read -r n p a s f l sh <<<"$row"
      printf '%s{"name":"%s","port":%s,"address":"%s","netns":"%s","sshd":%s,"forwarder":%s,"link":"%s","shape":%s}' \
        "$sep" "$n" "$p" "$a" "$n" "$s" "$f" "$l" "$(json_str "$sh")"
      sep=","
    done
    printf ']}\n'
  else
    say "lab $NAME is $([ $healthy = true ] && echo healthy || echo "running but NOT healthy (repair: lab.sh up --name $NAME)"); ssh config: $DIR/ssh_config"
    printf '%-10s %-16s %-12s %-6s %-9s %-5s %s\n' HOST SSH ADDRESS SSHD FORWARDER LINK SHAPE
    for row in "${rows[@]}"; do
      IFS='|' read -r n p a s f l sh <<<"$row"
      printf '%-10s %-16s %-12s %-6s %-9s %-5s %s\n' "$n" "127.0.0.1:$p" "$a" \
        "$([ "$s" = true ] && echo alive || echo DOWN)" "$([ "$f" = true ] && echo alive || echo DOWN)" "$l" "$sh"
    done
  fi
  [ $healthy = true ] && return 0 || return 3
}

cmd_link() { # up|down HOST
  local action=$1
  shift
  [ $# -eq 1 ] || die "usage: lab.sh $([ "$action" = down ] && echo cut || echo heal) HOST"
  require_settings
  local i
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
    SHAPE=$2
    save_settings
    say "links of all hosts shaped: $2"
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
  local i ct=$2 workload=$3 ip=""
  i=$(resolve_host "$1")
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

usage() {
  cat <<EOF
usage: lab.sh SUBCOMMAND [--name NAME] ...
  up [--hosts N] [--port-base PORT] [--shape "netem args"|none]   build or repair the lab (default 2 hosts, 2221)
  down                                  remove everything the lab made
  status [--json]                       hosts, ports, sshd; exit 0 healthy, 3 not running or not healthy
  cut HOST | heal HOST                  take a host's link on the lab bridge down / up
  shape HOST|all "netem args"|none      change link shaping
  route IP HOST                         route a container IP (/32) via HOST in the router
  exec HOST -- CMD...                   run a command on a host
  sshd-stop HOST | sshd-start HOST      kill / start a host's sshd
  container HOST NAME WORKLOAD [--ip A.B.C.D] [-- ARGS...]
                                        start a runc container (counter, memory, tcp-server, httpd, unix, sleep)
  ctnet HOST NAME IP|--delete           make (or remove) a container's network namespace on a host
faults (each undone by its pair, and all of them by up):
  client-cut HOST | client-heal HOST    drop / restore the client's link to HOST (127.0.0.1:PORT)
  crash HOST | boot HOST                kill every process of HOST as a power cut / start it again
  fill HOST PATH | unfill HOST PATH     make PATH on HOST a full disk (a copy of it) / write back, free
--name NAME (default ferry) selects the lab; state lives in $LAB_ROOT/NAME.
EOF
}

main() {
  local args=() name=ferry
  # --name may come anywhere before a `--` (after which arguments belong to a command).
  while [ $# -gt 0 ]; do
    case $1 in
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --name=*) name=${1#--name=}; shift ;;
      --) args+=("$@"); break ;;
      *) args+=("$1"); shift ;;
    esac
  done
  set -- "${args[@]+"${args[@]}"}"
  local cmd=${1:-}
  [ -n "$cmd" ] || { usage; exit 1; }
  shift
  case $cmd in -h | --help | help) usage; exit 0 ;; esac
  require_linux_root
  set_lab "$name"
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    cut) cmd_link down "$@" ;;
    heal) cmd_link up "$@" ;;
    shape) cmd_shape "$@" ;;
    route) cmd_route "$@" ;;
    exec) cmd_exec "$@" ;;
    sshd-stop) cmd_sshd_stop "$@" ;;
    sshd-start) cmd_sshd_start "$@" ;;
    container) cmd_container "$@" ;;
    ctnet) cmd_ctnet "$@" ;;
    client-cut) cmd_client cut "$@" ;;
    client-heal) cmd_client heal "$@" ;;
    crash) cmd_crash "$@" ;;
    boot) cmd_boot "$@" ;;
    fill) cmd_fill fill "$@" ;;
    unfill) cmd_fill unfill "$@" ;;
    *) usage >&2; die "unknown subcommand '$cmd'" ;;
  esac
}

main "$@"
