# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
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

# A lab host's entry in the lab's ssh config (NAME PORT): the same for namespace hosts and VM hosts.
ssh_config_entry() {
  cat <<EOF

Host $1
  HostName 127.0.0.1
  Port $2
  User root
  IdentityFile $DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
EOF
}

write_ssh_files() {
  local i name addr port pub
  : >"$DIR/known_hosts"
  {
    echo "# ssh config of lab $NAME, written by lab.sh: ssh -F $DIR/ssh_config $(host_name 0)"
    for ((i = 0; i < HOSTS; i++)); do
      ssh_config_entry "$(host_name "$i")" "$(host_port "$i")"
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
  # Ignored on purpose: No pid file: no sshd.
  pid=$(cat "$(host_dir "$1")/sshd.pid" 2>/dev/null) || return 1
  # Ignored on purpose: The pid may be gone: then it is not our sshd.
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/sshd ] || return 1
  # A pid file can outlive its sshd; make sure this one serves this host.
  [ "$(ns_inode_of "$pid" net)" = "$(netns_inode "$(host_name "$1")")" ] || return 1
  echo "$pid"
}

listening() { # NETNS-or-"" PORT: is someone listening on tcp PORT?
  local out
  # Ignored on purpose: No such namespace or no listener: empty output, read as nothing listening.
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
    # Ignored on purpose: Processes exit while /proc is walked: those are skipped.
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = /usr/sbin/sshd ] || continue
    [ "$(ns_inode_of "$p" net)" = "$inode" ] && echo "$p"
  done
  return 0
}
