# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Forwarders: 127.0.0.1:port in the machine -> host's sshd. One JVM connection becomes exactly one
# TCP connection to the host's sshd (socat forks per connection and connects from inside the host).
# ---------------------------------------------------------------------------------------------
fwd_pid() {
  local pid
  # Ignored on purpose: No pid file: no forwarder (the caller decides).
  pid=$(cat "$(host_dir "$1")/fwd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "TCP-LISTEN:$(host_port "$1")," || return 1
  echo "$pid"
}

start_forwarder() {
  local i=$1 port name hdir
  port=$(host_port "$i")
  name=$(host_name "$i")
  hdir=$(host_dir "$i")
  if listening "" "$port"; then
    die "port 127.0.0.1:$port is already in use ($(ss -Hltnp "sport = :$port" | grep -o 'users:.*' | head -n1)); pick other ports with --port-base."
  fi
  loopback_forwarder "$port" "$name" 22 fwd "$hdir/fwd.pid" "$name"
}

# 127.0.0.1:PORT in the machine -> 127.0.0.1:TARGET inside network namespace NETNS (socat forks per connection and
# connects from inside), in lab cgroup CGROUP, its pid in PIDFILE; returns once it listens. For the hosts' sshd and
# the VM hosts' user-mode NIC alike. Args: PORT NETNS TARGET CGROUP PIDFILE NAME (for the message).
loopback_forwarder() {
  local port=$1 netns=$2 target=$3 cg=$4 pidfile=$5 name=$6 try
  (
    close_inherited_fds
    cg_join "$BASHPID" "$cg"
    cd /
    # nodelay on both sockets: without it Nagle holds sshd's small replies (a channel's open
    # confirmation) for the delayed ACK, about 40 ms per command that no real host adds.
    exec setsid socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,nodelay" \
      "EXEC:\"nsenter --net=/run/netns/$netns socat STDIO TCP:127.0.0.1:$target,nodelay\""
  ) </dev/null >/dev/null 2>&1 9>&- &
  echo $! >"$pidfile"
  for try in $(seq 1 100); do
    listening "" "$port" && return 0
    sleep 0.05
  done
  die "the forwarder for $name on 127.0.0.1:$port did not start"
}
