# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
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
  # Ignored on purpose: No INPUT chain rules, or no rule of this tag: nothing to delete.
  { iptables -w -S INPUT 2>/dev/null || true; } | { grep -F -- "--comment $tag " || true; } | sed 's/^-A /-D /' | while read -r rule; do
    # shellcheck disable=SC2086
    # Ignored on purpose: A rule deleted by a concurrent heal is already gone.
    iptables -w $rule 2>/dev/null || true
  done
}

client_heal_all() {
  local rule
  command -v iptables >/dev/null 2>&1 || return 0
  # Ignored on purpose: No rules of this lab: nothing to delete.
  { iptables -w -S INPUT 2>/dev/null || true; } | { grep -F -- "--comment ferry-lab-$NAME-client-" || true; } | sed 's/^-A /-D /' | while read -r rule; do
    # shellcheck disable=SC2086
    # Ignored on purpose: A rule deleted by a concurrent heal is already gone.
    iptables -w $rule 2>/dev/null || true
  done
}

client_link_state() { # up | cut
  # Ignored on purpose: iptables without rules (or without the filter table) means the link is not cut.
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
      # Ignored on purpose: A cgroup may vanish while find reads it (its last process exited): what is left is listed.
      find "$mount/$CG_ROOT/$(host_name "$i")" -name cgroup.procs -exec cat {} + 2>/dev/null || true
    done
    # Ignored on purpose: A namespace already gone has no processes.
    ip netns pids "$(host_name "$i")" 2>/dev/null || true
    if pid=$(holder_pid "$i"); then
      inode=$(ns_inode_of "$pid" mnt)
      for p in /proc/[0-9]*; do
        # Ignored on purpose: Processes exit while /proc is walked: those are skipped.
        [ "$(ns_inode_of "${p#/proc/}" mnt 2>/dev/null)" = "$inode" ] && echo "${p#/proc/}"
      done
    fi
  # Ignored on purpose: grep finds nothing when this shell was the only process: an empty list, not an error.
  } | sort -un | { grep -vx "$$" || true; } | while read -r pid; do
    # Zombies are dead already; this sandbox's PID 1 reaps them late (see Caveats in README.md).
    # Ignored on purpose: A process gone since it was listed has no stat: it is not listed.
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] || [ ! -d "/proc/$pid" ] || echo "$pid"
  # Ignored on purpose: The pipeline ends with grep -v or read failing on no input: the list is then empty.
  done || true
}

host_thaw() {
  local mount d
  for mount in $(cg_mounts); do
    d="$mount/$CG_ROOT/$(host_name "$1")"
    [ -d "$d" ] || continue
    # Ignored on purpose: Cgroups without a freezer file (or gone meanwhile) need no thaw.
    find "$d" -name freezer.state -exec sh -c 'echo THAWED > "$1"' thaw {} \; 2>/dev/null || true
    # Ignored on purpose: Same for cgroup v2 freeze files.
    find "$d" -name cgroup.freeze -exec sh -c 'echo 0 > "$1"' thaw {} \; 2>/dev/null || true
  done
}

# A power cut: every process of the host dies at once; what a reboot clears (/run, /tmp) is cleared;
# the disk (/var/lib/ferry, /root) keeps what it had.
host_crash() {
  local i=$1 hdir pids try
  hdir=$(host_dir "$i")
  for _ in $(seq 1 50); do
    pids=$(host_pids "$i")
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086
    # Ignored on purpose: Processes that exited since they were listed cannot be killed, and need not be.
    kill -KILL $pids 2>/dev/null || true
    # A paused (frozen) container's processes take the SIGKILL only once thawed.
    host_thaw "$i"
    sleep 0.1
  done
  [ -z "$(host_pids "$i")" ] || die "processes of $(host_name "$i") survived SIGKILL: $(host_pids "$i" | tr '\n' ' ')"
  # Nothing holds the host's mounts any more, so its bind mounts and netns files are plain files now.
  # Ignored on purpose: A crashed host leaves mount points that find cannot delete: rm takes them; a folder already empty is the goal.
  find "$hdir/run" -mindepth 1 -delete 2>/dev/null || rm -rf "${hdir:?}/run/"* 2>/dev/null || true
  # Ignored on purpose: An empty /tmp is the goal.
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
    # Ignored on purpose: dd stops with an error when the disk is full, which is what it is for.
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
  # Ignored on purpose: A host whose holder is gone has no mounts to list.
  awk '$1 == "lab-fill" && $3 == "tmpfs" { print $2 }' "/proc/$pid/mounts" 2>/dev/null || true
}
