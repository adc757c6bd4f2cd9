# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Hosts. A host is a network namespace (/run/netns/NAME-x) plus a mount and UTS namespace held
# by a tiny `sleep infinity` (the holder), so the host survives its sshd being killed. Everything
# that runs "on" a host enters the holder's namespaces with nsenter after joining the host's
# cgroup. Not `ip netns exec`: it remounts /sys, and runc then finds no cgroup mount.
# ---------------------------------------------------------------------------------------------
# Ignored on purpose: ip netns list fails only when /run/netns is missing: then no namespace exists.
netns_exists() { [ -e "/run/netns/$1" ] && ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$1"; }

# Ignored on purpose: No such namespace: no inode, which callers read as absent.
netns_inode() { stat -L -c %i "/run/netns/$1" 2>/dev/null; }

ns_inode_of() { # PID KIND -> inode of /proc/PID/ns/KIND
  local link
  # Ignored on purpose: The process may have exited: no namespace link then.
  link=$(readlink "/proc/$1/ns/$2" 2>/dev/null) || return 1
  link=${link#*[}
  echo "${link%]}"
}

# Prints the PID in a host dir's holder.pid if that process is the host's holder: a pid file can
# outlive its process (a reboot keeps /var/lib), and nsenter into a stranger would be a disaster.
holder_pid_of_dir() {
  local hdir=$1 pid
  # Ignored on purpose: No pid file: no holder.
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
    # Ignored on purpose: A descriptor closed since it was listed needs no closing.
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
# Ignored on purpose: No unified hierarchy mounted: not a hybrid machine.
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
  # Ignored on purpose: The holder may have died before writing its log: the message then ends at the colon.
  die "host $name did not start: $(tail -n 3 "$hdir/holder.log" 2>/dev/null | tr '\n' ' ')"
}
