# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
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
  # Ignored on purpose: Podman says why an image is missing on stderr; missing is the answer wanted here.
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
