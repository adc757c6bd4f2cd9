# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------
require_linux_root() {
  [ "$(uname -s)" = Linux ] || die "the demo lab needs Linux."
  [ "$(id -u)" = 0 ] || die "the lab needs root: it creates network namespaces, mounts and cgroups. Run it as root."
}

require_tools() {
  local t missing=()
  for t in ip tc nsenter unshare socat runc criu busybox ssh ssh-keygen /usr/sbin/sshd flock jq; do
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
  # Ignored on purpose: No record file yet: this is the first entry.
  grep -qxF "$1 $2" "$CREATED_LIST" 2>/dev/null || echo "$1 $2" >>"$CREATED_LIST"
}
