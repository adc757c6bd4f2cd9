# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
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
  if [ "$1" = fwd ] || [ "$1" = vms ]; then
    echo "$CG_ROOT/$1"
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
      # Ignored on purpose: Another lab may create the same parent at once: only a directory that is still missing is a failure.
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
    [ "$part" = sshd ] || [ "$part" = fwd ] || [ "$part" = vms ] && break
    for c in $(cat "$path/cgroup.controllers"); do
      # Ignored on purpose: Some controllers cannot be delegated on this kernel (they stay off for the subtree); the rest still are.
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
    # Ignored on purpose: A cgroup may vanish while find reads it (its last process exited): what is left is listed.
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
  for _ in $(seq 1 50); do
    for mount in $(cg_mounts); do
      [ -d "$mount/$CG_ROOT" ] || continue
      # Ignored on purpose: Busy or already gone cgroups stay: the caller looks again for what is left and says so.
      find "$mount/$CG_ROOT" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    cg_lab_dirs_exist || return 0
    sleep 0.1
  done
  warn "some cgroups of lab $NAME could not be removed: $(for m in $(cg_mounts); do [ -d "$m/$CG_ROOT" ] && echo -n "$m/$CG_ROOT "; done)"
  return 1
}
