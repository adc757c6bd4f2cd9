# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
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
    # Ignored on purpose: The holder may have exited: its namespace is then gone too.
    ino=$(ns_inode_of "$pid" mnt 2>/dev/null) || continue
    [ "$ino" != "$(ns_inode_of $$ mnt)" ] && inodes+=("$ino")
  done
  [ ${#inodes[@]} -gt 0 ] || return 0
  for p in /proc/[0-9]*; do
    # Ignored on purpose: Processes exit while /proc is walked: those are skipped.
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
    # Ignored on purpose: A container cgroup may vanish while it is read.
    for cg in $(podman_ct_cgroups); do cat "$cg/cgroup.procs" 2>/dev/null; done
    for ns in $(lab_netns_names); do
      # Ignored on purpose: A namespace already gone has no processes.
      [ -e "/run/netns/$ns" ] && ip netns pids "$ns" 2>/dev/null
    done
    host_mntns_pids
  # Ignored on purpose: grep -v finds nothing when no process is left: an empty list, not an error.
  } | sort -un | grep -vx "$$" || true
}

# Podman puts its containers in /libpod_parent, outside the host's cgroup: remove them through
# podman while the hosts still run.
remove_podman_containers() {
  local d i pid
  command -v podman >/dev/null 2>&1 || return 0
  for d in "$DIR"/hosts/*; do
    # Ignored on purpose: No Podman storage on this host: nothing to remove.
    [ -n "$(ls -A "$d/var-lib-containers/storage/overlay-containers" 2>/dev/null)" ] || continue
    pid=$(holder_pid_of_dir "$d") || continue
    # Ignored on purpose: Podman may be half set up on a broken host: whatever it leaves is killed with the cgroup below.
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
    # Ignored on purpose: Processes that exited since they were listed cannot be killed, and need not be.
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
    # Ignored on purpose: A namespace file without a namespace behind it is unmounted below.
    ip netns del "$ns" 2>/dev/null || true
    # An `up` killed between creating the file and mounting it leaves a plain file.
    if [ -e "/run/netns/$ns" ]; then
      # Ignored on purpose: Already unmounted: nothing left to do.
      umount -l "/run/netns/$ns" 2>/dev/null || true
      rm -f "/run/netns/$ns"
    fi
  done
}

# Mounts in the machine's namespace under the lab dir: each host's /run tmpfs (prepare_host_dir), and any left behind.
umount_under_dir() {
  local m
  awk -v d="$DIR" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    # Ignored on purpose: Mounts below one already lazily unmounted go with it.
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# When no lab is left: undo what the labs created outside their dirs (the /run/netns mount made by
# `ip netns add`, empty mount-point dirs), then the lab root itself.
cleanup_machine_wide() {
  local other kind path m
  # Ignored on purpose: No lab root: no other lab.
  other=$(find "$LAB_ROOT" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n1)
  [ -z "$other" ] || return 0
  if [ -f "$CREATED_LIST" ]; then
    while read -r kind path; do
      case $kind in
        netns-mount)
          # Ignored on purpose: A folder removed meanwhile has no entries.
          if [ -z "$(ls -A "$path" 2>/dev/null)" ] && mountpoint -q "$path"; then
            # Ignored on purpose: Still busy after a lazy unmount: it goes when its last user does.
            umount "$path" 2>/dev/null || umount -l "$path" 2>/dev/null || true
          fi
          ;;
        # Ignored on purpose: A folder another lab still uses is not empty: it stays.
        dir) rmdir "$path" 2>/dev/null || true ;;
        cgroup)
          for m in $(cg_mounts); do
            [ -d "$m/$path" ] || continue
            # Ignored on purpose: Cgroups still in use stay; teardown checks for what is left.
            find "$m/$path" -depth -type d -exec rmdir {} \; 2>/dev/null || true
          done
          ;;
      esac
    done < <(tac "$CREATED_LIST")
  fi
  rm -f "$CREATED_LIST"
  # Ignored on purpose: Another lab still has its folder here: the root stays.
  rmdir "$LAB_ROOT" 2>/dev/null || true
}

teardown() {
  local killed
  client_heal_all
  remove_podman_containers
  killed=$(kill_lab_processes)
  delete_netns_all
  # Ignored on purpose: Busy or gone: checked by the caller for what is left.
  podman_ct_cgroups | xargs -r rmdir 2>/dev/null || true
  # Ignored on purpose: What could not be removed is found and reported by lab_traces.
  cg_remove_all || true
  umount_under_dir
  rm -rf "$DIR"
  cleanup_machine_wide
  echo "$killed"
}
