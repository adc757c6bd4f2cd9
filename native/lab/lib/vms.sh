# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# VM hosts (`up --vm N`): full QEMU guests running Debian 12's own kernel (6.1, with soft-dirty and
# userfaultfd) beside the namespace hosts, for what those cannot do: real pre-copy and real CPU
# mismatches (field notes §9). /dev/kvm here is kvm_pvm and cannot run a stock kernel: QEMU's
# emulator (TCG) it is.
# - The image is built once with debootstrap and cached under $VM_IMAGE_CACHE/<hash of its recipe>;
#   each guest boots a qcow2 overlay of it (in its own dir, removed by `down`).
# - Each guest gets a seed disk (ext4, label ferry-seed) that a unit in the image applies at boot:
#   hostname, its own SSH host key, the lab key, /etc/hosts, known_hosts and its addresses. Its
#   machine-id comes on the kernel command line (systemd.machine_id=).
# - QEMU runs in the lab's router namespace, so its tap NIC (tap-vmN) is a port of br0 there, with
#   the guest at 10.87.0.31+; a second, user-mode NIC forwards 127.0.0.1:PORT there to the guest's
#   sshd, and a socat forwarder (as the namespace hosts have) brings that port to the machine.
#   Cutting a guest's link (its tap) leaves the client's SSH to it up, as for namespace hosts.
# - QEMU and the forwarders are in the lab's cgroup (leaf `vms`) and the router namespace: `down`
#   finds and kills them as it does every other lab process; their taps go with them.
# ---------------------------------------------------------------------------------------------
readonly VM_IMAGE_CACHE=/var/cache/ferry/vm-image
readonly MAX_VMS=4
readonly FIRST_VM_OCTET=31  # guest j gets 10.87.0.(31+j)
readonly VM_PORT_OFFSET=10  # and ssh on 127.0.0.1:(port base + 10 + j)
readonly VM_SUITE=bookworm
readonly VM_MIRROR=http://deb.debian.org/debian
# 1.5 GiB: the 256 MiB memory workload, its pre-dump pages in the page cache and CRIU itself fit
# with room to spare (field notes §9 measured 0.7-1.3 GB RSS per guest at 1 GiB).
readonly VM_MEMORY_MIB=1536
readonly VM_DISK_SIZE=4G
# Boot to SSH took 45-60 s under TCG (field notes §9); two guests at once on 2 cores, a loaded machine: room for 4x.
readonly VM_BOOT_TIMEOUT_S=240
readonly VM_DEFAULT_CPU=max
# What the guests need: Ferry's host tools (runc, CRIU, rsync, ssh, iproute2, iptables for CRIU's
# network lock), busybox for the containers' rootfs, a kernel and systemd to boot.
readonly VM_PACKAGES=(openssh-server openssh-client criu runc busybox-static iproute2 iptables linux-image-amd64
  systemd-sysv udev kmod procps rsync zstd netcat-openbsd)

vm_name() { echo "$NAME-vm$(($1 + 1))"; }
vm_dir() { echo "$DIR/vms/$(vm_name "$1")"; }
vm_addr() { echo "$LAB_SUBNET.$((FIRST_VM_OCTET + $1))"; }
vm_port() { echo $((PORT_BASE + VM_PORT_OFFSET + $1)); }
vm_tap() { echo "tap-vm$(($1 + 1))"; }
vm_mac() { printf '52:54:00:87:%02x:%02x' "$2" "$(($1 + 1))"; } # J NIC(0 user, 1 lab)

# Guest J's CPU model: the J-th of --cpu's comma list, the last one for guests beyond it.
vm_cpu() {
  local models=() j=$1
  IFS=, read -ra models <<<"${VM_CPUS:-$VM_DEFAULT_CPU}"
  [ ${#models[@]} -gt 0 ] || models=("$VM_DEFAULT_CPU")
  [ "$j" -lt ${#models[@]} ] || j=$((${#models[@]} - 1))
  echo "${models[$j]}"
}

valid_vm_cpus() {
  local list=$1 m models
  models=$(qemu-system-x86_64 -cpu help | awk '$1 == "x86" { print $2 }')
  IFS=, read -ra m <<<"$list"
  [ ${#m[@]} -gt 0 ] || die "--cpu needs one or more QEMU CPU models, comma-separated (e.g. max,qemu64)"
  for list in "${m[@]}"; do
    [ "$list" = max ] || [ "$list" = host ] || grep -qxF -- "$list" <<<"$models" ||
      die "--cpu: QEMU knows no CPU model '$list'; see 'qemu-system-x86_64 -cpu help' (e.g. max, qemu64, Skylake-Client)"
    [ "$list" != host ] || die "--cpu host needs KVM, which cannot run these guests here (field notes §9); use max or a named model"
  done
}

vm_index() { # NAME -> J, or fail
  local j
  for ((j = 0; j < ${VMS:-0}; j++)); do
    if [ "$1" = "$(vm_name "$j")" ] || [ "$1" = "vm$((j + 1))" ]; then
      echo "$j"
      return 0
    fi
  done
  return 1
}

require_vm_tools() {
  local t missing=()
  for t in qemu-system-x86_64 qemu-img debootstrap mkfs.ext4; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "VM hosts need ${missing[*]}: native/lab/prepare.sh vm installs them"
}

# ---------------------------------------------------------------------------------------------
# The image. Its recipe is everything that decides its content: a change to any of it builds anew.
# ---------------------------------------------------------------------------------------------
vm_guest_seed_script() {
  cat <<'EOF'
#!/bin/sh
# Ferry lab guest: applies this guest's seed disk (written by lab.sh) at every boot, before sshd.
set -eu
seed=/run/ferry-seed
i=0
until [ -b /dev/vdb ]; do i=$((i + 1)); [ $i -lt 300 ] || { echo "ferry-seed: no seed disk /dev/vdb" >&2; exit 1; }; sleep 0.1; done
mkdir -p "$seed"
mountpoint -q "$seed" || mount -o ro /dev/vdb "$seed"
hostname "$(cat "$seed/hostname")"
cp "$seed/hostname" /etc/hostname
cp "$seed/hosts" /etc/hosts
rm -f /etc/ssh/ssh_host_*
install -m 600 "$seed/ssh_host_ed25519_key" /etc/ssh/ssh_host_ed25519_key
install -m 644 "$seed/ssh_host_ed25519_key.pub" /etc/ssh/ssh_host_ed25519_key.pub
install -m 644 "$seed/authorized_keys" /etc/ssh/ferry_authorized_keys
install -m 644 "$seed/known_hosts" /etc/ssh/ssh_known_hosts
install -m 600 "$seed/id_ed25519" /etc/ssh/ferry_lab_key
mkdir -p -m 700 /root/.ssh
# Each NIC by its MAC: "MAC ADDRESS/PREFIX" lines; then the default route.
while read -r mac addr; do
  dev=""
  n=0
  while [ -z "$dev" ]; do
    for d in /sys/class/net/*; do [ "$(cat "$d/address")" = "$mac" ] && dev=${d##*/}; done
    [ -n "$dev" ] && break
    n=$((n + 1)); [ $n -lt 300 ] || { echo "ferry-seed: no NIC with MAC $mac" >&2; exit 1; }; sleep 0.1
  done
  ip addr replace "$addr" dev "$dev"
  ip link set "$dev" up
done <"$seed/net"
ip link set lo up
ip route replace default via "$(cat "$seed/gateway")"
sysctl -q -w net.ipv4.ip_forward=1
mkdir -p /var/lib/ferry/containers
umount "$seed"
EOF
}

vm_guest_seed_unit() {
  cat <<'EOF'
[Unit]
Description=Ferry lab guest: identity and network from the seed disk
DefaultDependencies=no
After=local-fs.target systemd-udevd.service
Before=ssh.service network.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/ferry-guest-seed
[Install]
WantedBy=multi-user.target
EOF
}

# Root by key only (the lab key, and a guest's own keys in /root/.ssh, where Ferry adds its migration
# key); no PAM, so ssh sessions stay in ssh.service's cgroup and runc's relative cgroupsPath puts the
# containers in system.slice/ferry/<name>, out of reach of logind's session clean-up.
vm_guest_sshd_conf() {
  cat <<'EOF'
# sshd of a Ferry lab guest, from lab.sh's image recipe
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/ferry_authorized_keys
UsePAM no
UseDNS no
PrintMotd no
MaxSessions 100
MaxStartups 100:30:200
EOF
}

vm_guest_ssh_client_conf() {
  cat <<'EOF'
# ssh client of a Ferry lab guest: host-to-host ssh with the lab key, hosts checked against the lab's keys
Host *
  User root
  IdentityFile /etc/ssh/ferry_lab_key
  StrictHostKeyChecking yes
EOF
}

vm_configure_rootfs() {
  local r=$1
  vm_guest_seed_script >"$r/usr/local/sbin/ferry-guest-seed"
  chmod 755 "$r/usr/local/sbin/ferry-guest-seed"
  vm_guest_seed_unit >"$r/etc/systemd/system/ferry-seed.service"
  mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
  ln -sf /etc/systemd/system/ferry-seed.service "$r/etc/systemd/system/multi-user.target.wants/ferry-seed.service"
  vm_guest_sshd_conf >"$r/etc/ssh/sshd_config.d/ferry.conf"
  vm_guest_ssh_client_conf >"$r/etc/ssh/ssh_config.d/ferry.conf"
  # Every guest has its own host key and machine-id (from its seed and kernel command line): none in the image.
  rm -f "$r"/etc/ssh/ssh_host_*
  : >"$r/etc/machine-id"
  rm -f "$r/var/lib/dbus/machine-id"
  echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$r/etc/fstab"
  echo ferry-guest >"$r/etc/hostname"
  mkdir -p "$r/var/lib/ferry/containers"
  # Lazy pages (post-copy) splice whole page pipes: the same limit prepare.sh sets on the machine (field notes §4).
  echo "fs.pipe-max-size = 4194304" >"$r/etc/sysctl.d/ferry.conf"
  # Nothing on the serial console waits for a login: the console is a log file.
  ln -sf /dev/null "$r/etc/systemd/system/serial-getty@ttyS0.service"
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*
}

# The text the image's hash is taken of: packages, suite and every file the build writes.
vm_recipe() {
  echo "suite $VM_SUITE"
  echo "packages ${VM_PACKAGES[*]}"
  echo "disk $VM_DISK_SIZE"
  declare -f vm_configure_rootfs
  vm_guest_seed_script
  vm_guest_seed_unit
  vm_guest_sshd_conf
  vm_guest_ssh_client_conf
}

vm_recipe_hash() { vm_recipe | sha256sum | cut -c1-16; }

# Sets VM_IMAGE to the image's folder (base.raw, vmlinuz, initrd.img), building it if needed.
VM_IMAGE=""
vm_image() {
  local hash dir tmp t0=$SECONDS pid last=""
  require_vm_tools
  hash=$(vm_recipe_hash)
  dir=$VM_IMAGE_CACHE/$hash
  if [ -f "$dir/ready" ]; then
    VM_IMAGE=$dir
    return 0
  fi
  mkdir -p "$VM_IMAGE_CACHE"
  exec 8>"$VM_IMAGE_CACHE/.build.lock"
  flock -w 900 8 || die "another image build holds $VM_IMAGE_CACHE/.build.lock"
  if [ -f "$dir/ready" ]; then VM_IMAGE=$dir; exec 8>&-; return 0; fi
  tmp=$dir.building
  rm -rf "$tmp"
  mkdir -p "$tmp/rootfs"
  say "building the VM guest image (once; about 3 minutes): debootstrap $VM_SUITE minbase + ${VM_PACKAGES[*]}"
  debootstrap --variant=minbase --include="$(IFS=,; echo "${VM_PACKAGES[*]}")" "$VM_SUITE" "$tmp/rootfs" "$VM_MIRROR" \
    >"$tmp/debootstrap.log" 2>&1 &
  pid=$!
  # Ignored on purpose (kill -0): debootstrap having exited is the loop's end, not an error.
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    # Ignored on purpose: the log may have no progress line yet.
    last=$(grep -E '^I: (Retriev|Validat|Extract|Unpack|Configur|Install|Base)' "$tmp/debootstrap.log" 2>/dev/null | tail -n1 || true)
    kill -0 "$pid" 2>/dev/null && say "image: $((SECONDS - t0)) s: ${last:-starting}"
  done
  wait "$pid" || die "debootstrap failed; see $tmp/debootstrap.log: $(tail -n 3 "$tmp/debootstrap.log" | tr '\n' ' ')"
  vm_configure_rootfs "$tmp/rootfs"
  # Ignored on purpose: exactly one kernel is installed; a glob that finds none is caught just below.
  cp "$(ls "$tmp"/rootfs/boot/vmlinuz-* 2>/dev/null | tail -n1)" "$tmp/vmlinuz" || die "the image has no kernel in /boot"
  # Ignored on purpose: same for the initrd.
  cp "$(ls "$tmp"/rootfs/boot/initrd.img-* 2>/dev/null | tail -n1)" "$tmp/initrd.img" || die "the image has no initrd in /boot"
  say "image: $((SECONDS - t0)) s: rootfs ready ($(du -sh "$tmp/rootfs" | cut -f1)), writing the disk"
  mkfs.ext4 -q -F -L ferry-root -d "$tmp/rootfs" "$tmp/base.raw" "$VM_DISK_SIZE" >/dev/null || die "mkfs.ext4 -d failed"
  chmod 444 "$tmp/base.raw"
  rm -rf "$tmp/rootfs"
  vm_recipe >"$tmp/recipe.txt"
  touch "$tmp/ready"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  # Older recipes' images go (a guest still running one keeps its open file until it stops).
  find "$VM_IMAGE_CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" -exec rm -rf {} +
  exec 8>&-
  say "VM guest image built in $((SECONDS - t0)) s: $dir"
  VM_IMAGE=$dir
}

# ---------------------------------------------------------------------------------------------
# Guests
# ---------------------------------------------------------------------------------------------
vm_qemu_pid() {
  local pid
  # Ignored on purpose: no pid file: no QEMU.
  pid=$(cat "$(vm_dir "$1")/qemu.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-name $(vm_name "$1")," || return 1
  echo "$pid"
}

vm_fwd_pid() {
  local pid
  # Ignored on purpose: no pid file: no forwarder.
  pid=$(cat "$(vm_dir "$1")/fwd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "TCP-LISTEN:$(vm_port "$1")," || return 1
  echo "$pid"
}

vm_link_state() { # up | cut | missing
  local flags
  # Ignored on purpose: no tap (QEMU not running): missing.
  flags=$(ip -n "$ROUTER_NS" -o link show "$(vm_tap "$1")" 2>/dev/null) || { echo missing; return; }
  case $flags in *"<"*UP*">"*) echo up ;; *) echo cut ;; esac
}

# Keys and identity of every guest, then their lines in the lab's ssh config, known_hosts and /etc/hosts
# (after write_ssh_files, which writes those files for the namespace hosts).
vm_write_ssh_files() {
  local j name vdir pub
  for ((j = 0; j < VMS; j++)); do
    name=$(vm_name "$j")
    vdir=$(vm_dir "$j")
    mkdir -p "$vdir"
    [ -f "$vdir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$vdir/ssh_host_ed25519_key"
    [ -s "$vdir/machine-id" ] || tr -d '-' </proc/sys/kernel/random/uuid >"$vdir/machine-id"
    ssh_config_entry "$name" "$(vm_port "$j")" >>"$DIR/ssh_config"
    pub=$(cut -d' ' -f1,2 "$vdir/ssh_host_ed25519_key.pub")
    echo "[127.0.0.1]:$(vm_port "$j") $pub" >>"$DIR/known_hosts"
    echo "$name,$(vm_addr "$j") $pub" >>"$DIR/known_hosts"
    echo "$(vm_addr "$j") $name" >>"$DIR/etc-hosts"
  done
}

vm_write_seed() {
  local j=$1 vdir s
  vdir=$(vm_dir "$j")
  s=$vdir/seed
  rm -rf "$s" "$vdir/seed.img"
  mkdir -p "$s"
  vm_name "$j" >"$s/hostname"
  cp "$vdir/machine-id" "$s/machine-id"
  cp "$vdir/ssh_host_ed25519_key" "$vdir/ssh_host_ed25519_key.pub" "$s/"
  cp "$DIR/authorized_keys" "$s/authorized_keys"
  cp "$DIR/id_ed25519" "$s/id_ed25519"
  # The lab's known_hosts names every host by name and address; the [127.0.0.1]:PORT lines mean nothing inside.
  grep -v '^\[127\.0\.0\.1\]' "$DIR/known_hosts" >"$s/known_hosts"
  { echo "127.0.0.1 localhost"; echo "127.0.1.1 $(vm_name "$j")"; grep -v '^127\.0\.0\.1 ' "$DIR/etc-hosts"; } >"$s/hosts"
  # NIC 0: user-mode (QEMU's default 10.0.2.15 for hostfwd), no route beyond it; NIC 1: the lab bridge.
  printf '%s %s\n%s %s\n' "$(vm_mac "$j" 0)" 10.0.2.15/24 "$(vm_mac "$j" 1)" "$(vm_addr "$j")/24" >"$s/net"
  echo "$ROUTER_ADDR" >"$s/gateway"
  mkfs.ext4 -q -F -L ferry-seed -d "$s" "$vdir/seed.img" 8M >/dev/null || die "could not write the seed disk of $(vm_name "$j")"
  rm -rf "$s"
}

vm_start_qemu() {
  local j=$1 vdir name cpu
  vdir=$(vm_dir "$j")
  name=$(vm_name "$j")
  cpu=$(vm_cpu "$j")
  [ -f "$vdir/disk.qcow2" ] ||
    qemu-img create -q -f qcow2 -F raw -b "$VM_IMAGE/base.raw" "$vdir/disk.qcow2" || die "qemu-img could not make the disk of $name"
  vm_write_seed "$j"
  rm -f "$vdir/qemu.pid"
  : >"$vdir/console.log"
  # In the router namespace, so that the tap is made there; in the lab's cgroup, so that `down` finds it.
  (
    close_inherited_fds
    cg_join "$BASHPID" vms
    cd /
    exec nsenter --net="/run/netns/$ROUTER_NS" -- qemu-system-x86_64 -name "$name,process=ferry-lab:$name" \
      -accel tcg,thread=multi,tb-size=256 -cpu "$cpu" -m "$VM_MEMORY_MIB" -smp 1 -nodefaults -no-user-config \
      -kernel "$VM_IMAGE/vmlinuz" -initrd "$VM_IMAGE/initrd.img" \
      -append "root=/dev/vda rw console=ttyS0 net.ifnames=0 mitigations=off systemd.machine_id=$(cat "$vdir/machine-id")" \
      -drive "file=$vdir/disk.qcow2,if=virtio,format=qcow2,cache=unsafe" \
      -drive "file=$vdir/seed.img,if=virtio,format=raw,readonly=on" \
      -netdev "user,id=user0,hostfwd=tcp:127.0.0.1:$(vm_port "$j")-:22" -device "virtio-net-pci,netdev=user0,mac=$(vm_mac "$j" 0)" \
      -netdev "tap,id=lab0,ifname=$(vm_tap "$j"),script=no,downscript=no" -device "virtio-net-pci,netdev=lab0,mac=$(vm_mac "$j" 1)" \
      -display none -serial "file:$vdir/console.log" -monitor none -pidfile "$vdir/qemu.pid" -daemonize
  ) </dev/null >"$vdir/qemu.log" 2>&1 9>&- || die "QEMU did not start $name: $(tail -n 3 "$vdir/qemu.log" | tr '\n' ' ')"
  vm_qemu_pid "$j" >/dev/null || die "QEMU for $name exited at once: $(tail -n 3 "$vdir/qemu.log" | tr '\n' ' ')"
  ip -n "$ROUTER_NS" link set "$(vm_tap "$j")" master br0 up
  echo "$cpu" >"$vdir/cpu"
}

vm_start_forwarder() {
  local j=$1 port vdir try
  port=$(vm_port "$j")
  vdir=$(vm_dir "$j")
  if listening "" "$port"; then
    die "port 127.0.0.1:$port is already in use; pick other ports with --port-base."
  fi
  loopback_forwarder "$port" "$ROUTER_NS" "$port" vms "$vdir/fwd.pid" "$(vm_name "$j")"
}

vm_ssh() { # J CMD... (one remote command line, as ssh takes it)
  local j=$1
  shift
  ssh -F "$DIR/ssh_config" -o BatchMode=yes -o ConnectTimeout=10 "$(vm_name "$j")" "$@"
}

# Waits until every guest in "$@" answers on SSH with its own name; says how long each took.
vm_wait_ssh() {
  local t0=$SECONDS left=("$@") j next out
  while [ ${#left[@]} -gt 0 ]; do
    next=()
    for j in "${left[@]}"; do
      vm_qemu_pid "$j" >/dev/null || die "$(vm_name "$j") stopped while booting; its console: $(tail -n 5 "$(vm_dir "$j")/console.log" | tr '\n' ' ')"
      # Ignored on purpose: a guest still booting refuses or drops the connection; it is asked again.
      out=$(vm_ssh "$j" hostname 2>/dev/null || true)
      if [ "$out" = "$(vm_name "$j")" ]; then
        say "guest $(vm_name "$j") answers on SSH after $((SECONDS - t0)) s ($(vm_ssh "$j" uname -r), cpu $(vm_cpu "$j"))"
      else
        next+=("$j")
      fi
    done
    left=("${next[@]+"${next[@]}"}")
    [ ${#left[@]} -gt 0 ] || break
    [ $((SECONDS - t0)) -lt "$VM_BOOT_TIMEOUT_S" ] ||
      die "$(vm_name "${left[0]}") did not answer on SSH within $VM_BOOT_TIMEOUT_S s; its console: $(vm_dir "${left[0]}")/console.log"
    [ $(((SECONDS - t0) % 15)) -ge 3 ] || say "booting $(for j in "${left[@]}"; do printf '%s ' "$(vm_name "$j")"; done)($((SECONDS - t0)) s)"
    sleep 3
  done
}

# Starts every guest that is not running (all of them on a fresh lab), waits for SSH, then gives the
# first one the samples. Runs after the namespace hosts and the lab's ssh files are made.
vms_up() {
  local j started=()
  [ "${VMS:-0}" -gt 0 ] || return 0
  vm_image
  for ((j = 0; j < VMS; j++)); do
    if ! vm_qemu_pid "$j" >/dev/null; then
      vm_start_qemu "$j"
      started+=("$j")
      say "guest $(vm_name "$j"): cpu $(vm_cpu "$j"), $(vm_addr "$j") on br0 ($(vm_tap "$j")), ssh at 127.0.0.1:$(vm_port "$j")"
    elif [ "$(vm_link_state "$j")" = cut ]; then
      ip -n "$ROUTER_NS" link set "$(vm_tap "$j")" up
    fi
    vm_fwd_pid "$j" >/dev/null || vm_start_forwarder "$j"
  done
  [ ${#started[@]} -eq 0 ] || vm_wait_ssh "${started[@]}"
  for ((j = 0; j < VMS; j++)); do vm_apply_shape "$j" "$SHAPE"; done
  vm_ensure_samples
}

# Stops every guest (QEMU, forwarder) and forgets their disks: the next `up` boots them fresh.
vms_stop_all() {
  local j pid d
  for d in "$DIR"/vms/*/; do
    [ -d "$d" ] || continue
    # Ignored on purpose: a guest that never started has no pid files.
    for pid in $(cat "$d/qemu.pid" "$d/fwd.pid" 2>/dev/null); do
      # Ignored on purpose: a process gone already needs no kill (the pid file outlived it).
      [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'qemu-system|socat' && kill -KILL "$pid" 2>/dev/null || true
    done
  done
  for ((j = 0; j < 100; j++)); do
    [ -z "$(vm_pids_left)" ] && break
    sleep 0.1
  done
  rm -rf "$DIR/vms"
}

# QEMU processes of this lab still alive (by their process name ferry-lab:NAME-vmN).
vm_pids_left() {
  local p
  for p in /proc/[0-9]*; do
    # Ignored on purpose: processes exit while /proc is walked.
    tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -q -- "-name $NAME-vm[0-9]*,process=ferry-lab:" && echo "${p#/proc/}"
  done
  return 0
}

vm_apply_shape() {
  local j=$1 spec=$2 qdisc=() q
  if [ "$spec" = none ]; then
    # Ignored on purpose: a link without a qdisc has nothing to delete (both ends).
    tc -n "$ROUTER_NS" qdisc del dev "$(vm_tap "$j")" root 2>/dev/null || true
    vm_ssh "$j" 'tc qdisc del dev eth1 root 2>/dev/null; true'
    echo none >"$(vm_dir "$j")/shape"
    return 0
  fi
  shape_qdisc "$spec"
  qdisc=("${QDISC[@]+"${QDISC[@]}"}")
  if [ ${#qdisc[@]} -eq 0 ]; then
    echo "$spec (not applied: no netem and no rate)" >"$(vm_dir "$j")/shape"
    return 0
  fi
  tc -n "$ROUTER_NS" qdisc replace dev "$(vm_tap "$j")" root "${qdisc[@]}"
  # The guest's own end (eth1 is its lab NIC), with the same qdisc, as a namespace host's two ends.
  q=$(printf '%q ' "${qdisc[@]}")
  vm_ssh "$j" "tc qdisc replace dev eth1 root $q" || die "tc in $(vm_name "$j") rejected: ${qdisc[*]}"
  echo "$spec ($(shape_note "${qdisc[@]}"))" >"$(vm_dir "$j")/shape"
}

vm_set_link() { # J up|down
  ip -n "$ROUTER_NS" link set "$(vm_tap "$1")" "$2"
}

# ---------------------------------------------------------------------------------------------
# Containers on guests: the bundle is made here, as for a namespace host, and unpacked there.
# ---------------------------------------------------------------------------------------------
vm_runc_state() { # J CT -> status or nothing
  # Ignored on purpose: runc's error for an unknown container is the answer "none".
  { vm_ssh "$1" "runc state $(printf %q "$2") 2>/dev/null" || true; } | jq -r '.status // empty'
}

vm_create_container() {
  local j=$1 ct=$2 workload=$3
  shift 3
  local tmp argv=() w state
  mapfile -t argv < <(workload_args "$workload" "$@")
  [ ${#argv[@]} -gt 0 ] || exit 1
  state=$(vm_runc_state "$j" "$ct")
  [ -z "$state" ] || die "container $ct already exists on $(vm_name "$j") ($state); remove it: lab.sh exec $(vm_name "$j") -- runc delete -f $ct"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/$ct"
  cp -a "$DIR/rootfs-base" "$tmp/$ct/rootfs"
  for w in "${WORKLOADS[@]}"; do
    [ ! -x "$WORKLOAD_BIN/$w" ] || cp "$WORKLOAD_BIN/$w" "$tmp/$ct/rootfs/usr/bin/$w"
  done
  write_config_json "$tmp/$ct/config.json" "$ct" "$workload" "" "${argv[@]}"
  if ! tar -C "$tmp" -cf - "$ct" | vm_ssh "$j" "set -e; c=/var/lib/ferry/containers; rm -rf \"\$c/$ct\"; mkdir -p \$c; tar -C \$c -xf -;
      runc --log /tmp/runc-run-$ct.log run -d --bundle \"\$c/$ct\" $ct </dev/null >/dev/null 2>&1 || { tail -n 2 /tmp/runc-run-$ct.log >&2; exit 1; }"; then
    rm -rf "$tmp"
    die "runc could not start $ct on $(vm_name "$j")"
  fi
  rm -rf "$tmp"
}

# The first guest carries the samples (counter, memory), unless some guest runs them already.
vm_ensure_samples() {
  local j ct found made=()
  for ct in counter memory; do
    found=""
    for ((j = 0; j < VMS; j++)); do
      [ "$(vm_runc_state "$j" "$ct")" = running ] && { found=$j; break; }
    done
    [ -z "$found" ] || continue
    # Ignored on purpose: a stopped copy on the first guest goes before the new one; none is fine too.
    vm_ssh 0 "runc delete -f $ct >/dev/null 2>&1; true"
    vm_create_container 0 "$ct" "$ct"
    made+=("$ct")
  done
  [ ${#made[@]} -eq 0 ] || say "sample containers on $(vm_name 0): ${made[*]}"
}

vm_healthy() {
  local j
  for ((j = 0; j < ${VMS:-0}; j++)); do
    vm_qemu_pid "$j" >/dev/null && vm_fwd_pid "$j" >/dev/null || return 1
  done
}

# lab.json's and status --json's "vms" array.
vm_json_rows() {
  local j sshd
  for ((j = 0; j < ${VMS:-0}; j++)); do
    # Ignored on purpose (shape, below): a guest never started has no shape file: shown as ?.
    sshd=false
    vm_qemu_pid "$j" >/dev/null && sshd=true
    # Ignored on purpose: a guest never started has no shape file: shown as ?.
    jq -cn --arg name "$(vm_name "$j")" --argjson port "$(vm_port "$j")" --arg address "$(vm_addr "$j")" --arg cpu "$(vm_cpu "$j")" \
      --argjson running "$sshd" --arg link "$(vm_link_state "$j")" --arg tap "$(vm_tap "$j")" --arg dir "$(vm_dir "$j")" \
      --arg shape "$(cat "$(vm_dir "$j")/shape" 2>/dev/null || echo "?")" \
      '{name: $name, port: $port, address: $address, cpu: $cpu, running: $running, link: $link, tap: $tap, dir: $dir, shape: $shape}'
  done
}

vm_status_rows() {
  local j
  [ "${VMS:-0}" -gt 0 ] || return 0
  printf '%-10s %-16s %-12s %-6s %-9s %-5s %-8s %s\n' GUEST SSH ADDRESS QEMU FORWARDER LINK CPU SHAPE
  for ((j = 0; j < VMS; j++)); do
    # Ignored on purpose: no shape file yet: shown as ?.
    printf '%-10s %-16s %-12s %-6s %-9s %-5s %-8s %s\n' "$(vm_name "$j")" "127.0.0.1:$(vm_port "$j")" "$(vm_addr "$j")" \
      "$(vm_qemu_pid "$j" >/dev/null && echo alive || echo DOWN)" "$(vm_fwd_pid "$j" >/dev/null && echo alive || echo DOWN)" \
      "$(vm_link_state "$j")" "$(vm_cpu "$j")" "$(cat "$(vm_dir "$j")/shape" 2>/dev/null || echo "?")"
  done
}
