# shellcheck shell=sh
# ferry host probe: everything HostProbe needs, in one round trip
#
# Read by dev.ferry.engine.probe.ProbeScript and run as `sh -c SCRIPT ferry FEATURE...`, where the
# arguments are the CRIU feature names from CriuFeature (so Java and this script cannot disagree).
# Plain POSIX sh: Debian's /bin/sh is dash. It only looks: the traces it leaves are criu check's
# harmless /run/criu.kdat.tmp (field notes §4) and, on a host where Podman never ran, the empty
# storage folders `podman info` makes on first use.
#
# Output, parsed by ProbeSections: each section is
#   @@ferry-probe begin NAME
#   ...what the command printed, stdout and stderr together...
#   @@ferry-probe end NAME EXIT-STATUS
# A section missing its end line was cut short; a missing section means the tool is absent.

# A non-root login has no sbin in its PATH, yet criu, runc and iptables live there.
PATH=$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL

# criu check takes 0.1-1 s; a hung CRIU or Podman must not hold the whole probe.
TOOL_LIMIT=10

have() {
  command -v "$1" >/dev/null 2>&1
}

bounded() {
  if have timeout; then
    timeout "$TOOL_LIMIT" "$@"
  else
    "$@"
  fi
}

# run NAME COMMAND...: one section. The output is captured first so that the end marker always
# starts a line of its own, even when the command's last line has no newline.
run() {
  _name=$1
  shift
  echo "@@ferry-probe begin $_name"
  _out=$("$@" </dev/null 2>&1)
  _status=$?
  if [ -n "$_out" ]; then
    printf '%s\n' "$_out"
  fi
  echo "@@ferry-probe end $_name $_status"
}

system_facts() {
  echo "hostname=$(uname -n)"
  echo "kernel=$(uname -r)"
  echo "arch=$(uname -m)"
  echo "user=$(id -un 2>/dev/null)"
  echo "uid=$(id -u)"
  echo "cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
  echo "pipe_max_size=$(cat /proc/sys/fs/pipe-max-size 2>/dev/null)"
}

os_release() {
  cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release
}

# The container store may not exist yet; then the file system it will be created on counts.
store_disk() {
  for d in /var/lib/ferry /var/lib /var /; do
    if [ -d "$d" ]; then
      echo "path=$d"
      df -P -B1 "$d"
      return
    fi
  done
}

cgroup_mounts() {
  echo "root=$(stat -fc %T /sys/fs/cgroup 2>/dev/null)"
  if [ -d /sys/fs/cgroup/unified ]; then
    echo "unified=$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)"
  fi
}

tool_paths() {
  for t in criu runc podman crun rsync iptables iptables-restore nft timeout; do
    echo "$t=$(command -v "$t" 2>/dev/null)"
  done
}

# CRIU reads default.conf (also in RPC mode, as runc uses it), then runc adds runc.conf; the last
# network-lock line wins.
rsync_version() {
  rsync --version | sed -n 1p
}

criu_config() {
  for f in /etc/criu/default.conf "$HOME/.criu/default.conf" /etc/criu/runc.conf; do
    if [ -r "$f" ]; then
      grep -H -E '^[[:space:]]*(--)?network-lock' "$f"
    fi
  done
  return 0
}

run system system_facts
run os-release os_release
# Only the first CPU's block: the rest repeat it, and a big host has hundreds.
run cpuinfo sed -n '1,/^$/p' /proc/cpuinfo
run meminfo grep -E '^(MemTotal|MemAvailable):' /proc/meminfo
run store store_disk
run cgroup cgroup_mounts
run tools tool_paths
run criu-config criu_config

if have criu; then
  run criu-version criu --version
  run criu-check bounded criu check
  # After a hung `criu check` every feature check would hang too.
  if [ "$_status" != 124 ]; then
    for feature in "$@"; do
      run "criu-feature.$feature" bounded criu check --feature "$feature"
    done
  fi
fi
if have runc; then
  run runc-version runc --version
fi
if have podman; then
  run podman-version podman --version
  # Which OCI runtime Podman picks by default: only runc can checkpoint (Debian's crun has no CRIU).
  run podman-runtime bounded podman info --format '{{.Host.OCIRuntime.Name}}'
fi
if have rsync; then
  run rsync-version rsync_version
fi
exit 0
