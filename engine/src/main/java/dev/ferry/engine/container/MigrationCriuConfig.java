package dev.ferry.engine.container;

import dev.ferry.engine.probe.HostLimits;
import dev.ferry.engine.ssh.Command;

/**
 * The CRIU config files a migration's dump and restore run with, through {@code CRIU_CONFIG_FILE}
 * (which CRIU reads in runc's RPC mode too, before the container's own config file). Each is the
 * host's own /etc/criu/default.conf (which that variable would otherwise hide) with Ferry's lines:
 * <ul>
 *   <li>A pre-dump action that freezes the container itself. Frozen by {@code runc pause} before
 *       {@code runc checkpoint}, the container also waited out runc's and CRIU's start-up (about 35 ms
 *       on the lab); frozen at CRIU's pre-dump action, it waits only for the dump. CRIU then finds it
 *       frozen (sparing cgroup v1's 100 ms freezer polling, field notes §6) and, with
 *       {@code --leave-running}, leaves it so: paused, as after {@code runc pause}. The command that must
 *       start once the container is frozen (the copy of the file system's last changes) starts there too.</li>
 *   <li>At CRIU's post-dump action, which CRIU runs once every image is written (its place for "a script that
 *       transfers the images to a new node"), the command that ships the images starts, so the copy overlaps the
 *       end of CRIU's dump, runc's teardown and the round trips before the next step.</li>
 *   <li>For a container whose network Ferry holds itself (a namespace of its own, held by FERRY-HOLD on
 *       the source from before the freeze and on the destination from birth): {@code network-lock skip}.
 *       CRIU's iptables lock would be a second lock of the same namespace, and its unlock after a
 *       {@code --leave-running} dump alone took 84 ms of every freeze on the lab. Never for a container in
 *       its host's namespace, which Ferry cannot hold: CRIU's lock is its only one.</li>
 * </ul>
 * A script that finds its file missing runs CRIU without it, as before: slower, never less safe. A CRIU older
 * than {@link HostLimits#CRIU_MIN_VERSION} gets no files (see {@link #CRIU_TAKES_CONFIG_SCRIPTS}; Debian 12's 3.17.1 on
 * its own kernel 6.1, the lab's VM hosts).
 */
public final class MigrationCriuConfig {
  private MigrationCriuConfig() {}

  static final String DIR = FerryPaths.STORE + "/criu";
  static final String FREEZE_ACTION = DIR + "/freeze-at-pre-dump";
  /** For a dump: the freeze action. */
  public static final String DUMP = DIR + "/dump.conf";
  /** For a dump of a container whose network Ferry holds: the freeze action and no network lock. */
  public static final String DUMP_HELD = DIR + "/dump-held.conf";
  /** For a restore into a namespace Ferry holds: no network lock. */
  public static final String RESTORE_HELD = DIR + "/restore-held.conf";

  /**
   * Shell function {@code criu_takes_config_scripts MIN}: whether this host's CRIU is MIN
   * ({@link HostLimits#criuMinimum()}) or newer, and so takes an {@code action-script} from a config file while
   * runc drives it over RPC, and {@code network-lock skip}. Debian 12's CRIU 3.17.1 takes neither: the first
   * stops it at "BUG at criu/action-scripts.c:172" (shell scripts and RPC notifications exclude each other
   * there), the second is "Invalid value for --network-lock: skip" (both seen on the lab's VM hosts). The
   * version in between where that changed was not checked, so the line is drawn at the CRIU Ferry needs anyway.
   */
  public static final String CRIU_TAKES_CONFIG_SCRIPTS = """
      criu_takes_config_scripts() {
        v=$(criu --version 2>/dev/null | sed -n 's/^Version: *//p')
        [ -n "$v" ] && [ "$(printf '%s\\n%s\\n' "$1" "$v" | sort -V | head -n1)" = "$1" ]
      }
      """;

  // $FERRY_FREEZE: the container's cgroup freeze file (v1 freezer.state or v2 cgroup.freeze), set by the dump's script.
  // Waits at most ~10 s (20,000 reads), as CRIU would; a failure makes CRIU stop the dump, and the script resumes.
  // The temporary files carry the shell's pid: two migrations onto one host at once each write and rename their own.
  private static final String INSTALL = CRIU_TAKES_CONFIG_SCRIPTS + """
      set -e
      dir=$1; action=$2; dump=$3; held=$4; restore=$5
      mkdir -p "$dir"
      cat > "$action.tmp.$$" <<'EOF'
      #!/bin/sh
      # Ferry: freeze the container at CRIU's pre-dump, once CRIU has started; at post-dump, once every image is
      # written, start what ships them (see MigrationCriuConfig).
      if [ "$CRTOOLS_SCRIPT_ACTION" = post-dump ]; then
        [ -z "$FERRY_AFTER_DUMP" ] || setsid sh -c "$FERRY_AFTER_DUMP" </dev/null >/dev/null 2>&1
        exit 0
      fi
      [ "$CRTOOLS_SCRIPT_ACTION" = pre-dump ] && [ -n "$FERRY_FREEZE" ] || exit 0
      i=0
      case $FERRY_FREEZE in
        */cgroup.freeze)
          echo 1 > "$FERRY_FREEZE" || exit 1
          until grep -qx 'frozen 1' "${FERRY_FREEZE%/*}/cgroup.events"; do i=$((i+1)); [ $i -lt 20000 ] || exit 1; done ;;
        *)
          echo FROZEN > "$FERRY_FREEZE" || exit 1
          until [ "$(cat "$FERRY_FREEZE")" = FROZEN ]; do i=$((i+1)); [ $i -lt 20000 ] || exit 1; done ;;
      esac
      [ -z "$FERRY_WHILE_FROZEN" ] || setsid sh -c "$FERRY_WHILE_FROZEN" </dev/null >/dev/null 2>&1
      exit 0
      EOF
      chmod 755 "$action.tmp.$$"; mv -f "$action.tmp.$$" "$action"
      # An older CRIU gets no files: the dump then freezes with runc pause first, as without them.
      criu_takes_config_scripts "$6" || { rm -f "$dump" "$held" "$restore"; exit 0; }
      base=$(cat /etc/criu/default.conf 2>/dev/null || true)
      printf '%s\\n\\n# Ferry: freeze at pre-dump\\naction-script %s\\n' "$base" "$action" > "$dump.tmp.$$"
      printf '%s\\n\\n# Ferry: freeze at pre-dump\\naction-script %s\\n# Ferry: the network is held by Ferry\\nnetwork-lock skip\\n' \\
        "$base" "$action" > "$held.tmp.$$"
      printf '%s\\n\\n# Ferry: the network is held by Ferry\\nnetwork-lock skip\\n' "$base" > "$restore.tmp.$$"
      mv -f "$dump.tmp.$$" "$dump"; mv -f "$held.tmp.$$" "$held"; mv -f "$restore.tmp.$$" "$restore"
      """;

  /** Writes the files on a host (each migration does, on both hosts: the host's default.conf may have changed). */
  public static Command install() {
    return Command.script(INSTALL, DIR, FREEZE_ACTION, DUMP, DUMP_HELD, RESTORE_HELD, HostLimits.criuMinimum());
  }

  /** The dump's config file. */
  public static String dump(boolean networkHeld) {
    return networkHeld ? DUMP_HELD : DUMP;
  }

  /** The restore's config file; empty for none (CRIU locks the network itself). */
  public static String restore(boolean networkHeld) {
    return networkHeld ? RESTORE_HELD : "";
  }

  /**
   * Shell text for a dump's script, with $conf (the config file), $pid (the container's first process),
   * $frozen (the command to start once frozen) and $afterdump (to start once the images are written, or empty) set:
   * freezes at CRIU's pre-dump where it can (the
   * file is there and the container's cgroup freeze file is found in /proc/PID/cgroup), else pauses
   * first with runc and starts $frozen, as before. Leaves $? non-zero only if runc pause failed.
   */
  static final String FREEZE = CgroupShell.CGROUP_DIR + """
      fz=""
      if [ -n "$conf" ] && [ -f "$conf" ]; then
        export CRIU_CONFIG_FILE="$conf"
        d=$(cgroup_dir freezer "$pid")
        if [ -n "$d" ] && [ -f "$d/freezer.state" ]; then fz="$d/freezer.state"
        elif [ -n "$d" ] && [ -f "$d/cgroup.freeze" ]; then fz="$d/cgroup.freeze"
        fi
      fi
      if [ -n "$fz" ]; then
        export FERRY_FREEZE="$fz" FERRY_WHILE_FROZEN="$frozen" FERRY_AFTER_DUMP="${afterdump:-}"; true
      else
        runc pause "$id" && { [ -z "$frozen" ] || sh -c "$frozen"; true; }
      fi
      """;
}
