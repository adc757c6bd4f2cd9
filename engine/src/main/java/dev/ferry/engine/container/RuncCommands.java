package dev.ferry.engine.container;

import dev.ferry.engine.ssh.Command;

/**
 * The runc checkpoint and restore command lines Ferry uses, built in one place so migrations and
 * named snapshots run CRIU the same way.
 */
public final class RuncCommands {
  private RuncCommands() {}

  /**
   * Pauses first, then checkpoints: with the container already frozen by {@code runc pause}, CRIU's
   * own freeze takes under 1.2 ms instead of up to 101 ms of cgroup-v1 freezer polling (field notes §6).
   * If the checkpoint fails, the container is resumed before the command returns. With
   * {@code --leave-running}, runc leaves a container it found paused paused, so the script resumes it.
   * When asked for a files copy, the container's bundle is synced into it right after the dump, while
   * the container is still frozen (or already stopped): files and memory are then from one instant,
   * which CRIU insists on at restore time (it compares the size of every open file).
   */
  private static final String PAUSE_AND_CHECKPOINT = """
      id=$1; resume=$2; bundle=$3; copy=$4; shift 4
      runc pause "$id" || exit $?
      runc checkpoint "$@" "$id"; rc=$?
      if [ $rc != 0 ]; then
        runc resume "$id" 2>/dev/null
        exit $rc
      fi
      if [ -n "$copy" ]; then
        rsync -aHSx --numeric-ids --delete "$bundle/" "$copy/" || { echo "ferry: copying $bundle failed" >&2; rc=86; }
      fi
      if [ "$resume" = yes ]; then runc resume "$id" || rc=$?; fi
      exit $rc
      """;

  /** The exit code of {@link #checkpointWithFiles} when the dump succeeded but the files copy did not. */
  public static final int FILES_COPY_FAILED = 86;

  public static Command checkpoint(ContainerName id, String imageDir, String workDir, boolean leaveRunning, String parentDir) {
    return pauseAndCheckpoint(id, imageDir, workDir, leaveRunning, parentDir, "", "");
  }

  /**
   * A checkpoint that also brings {@code filesCopy} up to date with the container's {@code bundle}
   * while the container is frozen. Pre-copy the bundle there while it runs, and only what changed
   * since is copied in the freeze.
   */
  public static Command checkpointWithFiles(ContainerName id, String imageDir, String workDir, boolean leaveRunning,
      String bundle, String filesCopy) {
    return pauseAndCheckpoint(id, imageDir, workDir, leaveRunning, null, bundle, filesCopy);
  }

  private static Command pauseAndCheckpoint(ContainerName id, String imageDir, String workDir, boolean leaveRunning, String parentDir,
      String bundle, String filesCopy) {
    Command c = Command.script(PAUSE_AND_CHECKPOINT, id.value(), leaveRunning ? "yes" : "no", bundle, filesCopy,
        "--image-path", imageDir, "--work-path", workDir, "--tcp-established");
    if (leaveRunning) {
      c = c.with("--leave-running");
    }
    if (parentDir != null) {
      c = c.with("--parent-path", parentDir);
    }
    return c;
  }

  /**
   * One pre-copy round: dumps the memory that changed since {@code parentDir} (or all of it) while the
   * container keeps running. Needs the kernel's soft-dirty tracking.
   */
  public static Command preDump(ContainerName id, String imageDir, String workDir, String parentDir) {
    Command c = Command.of("runc", "checkpoint", "--pre-dump", "--image-path", imageDir, "--work-path", workDir);
    if (parentDir != null) {
      c = c.with("--parent-path", parentDir);
    }
    return c.with(id.value());
  }

  /** Copies a container's bundle (or any folder) into another while the container runs; files that vanish meanwhile are fine. */
  public static Command copyFiles(String bundle, String filesCopy) {
    return Command.script("""
        mkdir -p "$2" || exit $?
        rsync -aHSx --numeric-ids --delete "$1/" "$2/"; rc=$?
        [ $rc = 24 ] && exit 0
        exit $rc
        """, bundle, filesCopy);
  }

  // $conf, when given and there: CRIU's config for the restore (MigrationCriuConfig).
  private static final String USE_CONF = """
      [ -n "$conf" ] && [ -f "$conf" ] && export CRIU_CONFIG_FILE="$conf"
      """;

  // $3: a script run once the restore succeeded, in the same command (given the id and $4); its output is the command's.
  private static final String RESTORE = """
      id=$1; work=$2; after=$3; arg=$4; conf=$5; shift 5
      mkdir -p "$work"
      """ + USE_CONF + """
      if runc restore -d --work-path "$work" "$@" "$id" </dev/null >/dev/null 2>"$work/runc-restore.err"; then
        [ -z "$after" ] || sh -c "$after" after "$id" "$arg"
        exit 0
      else
        rc=$?
      fi
      cat "$work/runc-restore.err" >&2; exit $rc
      """;

  public static Command restore(ContainerName id, String imageDir, String workDir, String bundle, boolean lazy) {
    return restore(id, imageDir, workDir, bundle, lazy, "", "", false);
  }

  /**
   * {@link #restore}, then {@code after} (given the id and {@code afterArg}) in the same command, sparing a round trip;
   * {@code networkHeld}: Ferry holds the namespace the copy is restored into, so CRIU does not lock it again.
   */
  public static Command restore(ContainerName id, String imageDir, String workDir, String bundle, boolean lazy, String after,
      String afterArg, boolean networkHeld) {
    Command c = Command.script(RESTORE, id.value(), workDir, after, afterArg, MigrationCriuConfig.restore(networkHeld), "--image-path", imageDir, "--bundle", bundle,
        "--tcp-established");
    return lazy ? c.with("--lazy-pages") : c;
  }

  /**
   * The freeze of a migration (stop-and-copy, or pre-copy's last round): holds the container's network
   * ({@code holdScript}, given the container's pid; empty for none; just before the pause, so that
   * setting up the hold is not part of the freeze), freezes it (at CRIU's pre-dump action where it can,
   * {@link MigrationCriuConfig}, else by {@code runc pause} first), starts {@code whileFrozen} once it is frozen
   * (empty for none: a command that puts its own work in the background, such as the copy of the file system's last
   * changes, which need the container frozen and not the dump ended), all within
   * {@code runc checkpoint --leave-running}, which leaves a container it found paused paused (field
   * notes §10). The original thus stays intact until the migration's decision: a roll-back is
   * {@code runc resume}, not a restore from images. If the checkpoint fails, the hold is lifted and
   * the container resumed before the command returns. On success it prints CRIU's stats-dump (base64), which
   * says how many pages went, also when they went to a page server.
   */
  private static final String MIGRATION_CHECKPOINT = """
      id=$1; pid=$2; hold=$3; release=$4; frozen=$5; conf=$6; stats=$7; afterdump=$8; shift 8
      if [ -n "$hold" ] && ! sh -c "$hold" hold "$pid" >/dev/null; then
        echo "ferry: cannot hold the network of $id" >&2; exit 87
      fi
      """ + MigrationCriuConfig.FREEZE + """
      rc=$?; if [ $rc != 0 ]; then [ -n "$release" ] && sh -c "$release" release "$pid" >/dev/null 2>&1; exit $rc; fi
      runc checkpoint --leave-running "$@" "$id" </dev/null >/dev/null; rc=$?
      if [ $rc != 0 ]; then
        [ -n "$release" ] && sh -c "$release" release "$pid" >/dev/null 2>&1
        runc resume "$id" 2>/dev/null
      else
        base64 -w0 "$stats" 2>/dev/null; true
      fi
      exit $rc
      """;

  /**
   * {@code networkHeld}: {@code holdScript} holds the container's own namespace, so CRIU does not lock it again; the
   * container is frozen at CRIU's pre-dump where it can be ({@link MigrationCriuConfig}). {@code pageServer}: the
   * address of a CRIU page server that takes the pages (empty for none: they go into imageDir).
   */
  public static Command migrationCheckpoint(ContainerName id, long pid, String holdScript, String releaseScript, String whileFrozen,
      String imageDir, String workDir, String parentDir, boolean networkHeld, String pageServer) {
    return migrationCheckpoint(id, pid, holdScript, releaseScript, whileFrozen, "", imageDir, workDir, parentDir, networkHeld, pageServer);
  }

  /**
   * {@link #migrationCheckpoint}, and {@code afterDump} started in the background once CRIU has written every image
   * (at its post-dump action; only where the container is frozen at its pre-dump: else it is never started).
   */
  public static Command migrationCheckpoint(ContainerName id, long pid, String holdScript, String releaseScript, String whileFrozen,
      String afterDump, String imageDir, String workDir, String parentDir, boolean networkHeld, String pageServer) {
    Command c = Command.script(MIGRATION_CHECKPOINT, id.value(), Long.toString(pid), holdScript, releaseScript, whileFrozen,
        MigrationCriuConfig.dump(networkHeld), workDir + "/stats-dump", afterDump, "--image-path", imageDir, "--work-path", workDir,
        "--tcp-established");
    if (!pageServer.isEmpty()) {
      c = c.with("--page-server", pageServer);
    }
    return parentDir == null ? c : c.with("--parent-path", parentDir);
  }

  /**
   * Post-copy dump (field notes §3): holds the network and pauses as {@link #migrationCheckpoint}
   * does, then starts {@code runc checkpoint --lazy-pages --leave-running} in the background, where CRIU
   * stays as a page server on {@code address} until the destination has fetched every page; returns
   * as soon as CRIU says (through a FIFO on its status fd) that the images are written and it is ready
   * to serve. Its exit code lands in WORK/lazy.rc, its process group id in WORK/lazy.pid. With
   * {@code --leave-running}, the end of page serving leaves the processes alive and, as runc paused
   * them, paused (checked on the lab: see {@link #abortLazyCheckpoint}). If it fails before it is
   * ready, the hold is lifted and the container resumed.
   */
  private static final String LAZY_CHECKPOINT = """
      id=$1; work=$2; addr=$3; pid=$4; hold=$5; release=$6; frozen=$7; conf=$8; shift 8
      mkdir -p "$work" && rm -f "$work/ready" "$work/lazy.rc" && mkfifo "$work/ready" || exit 1
      echo "$addr" > "$work/lazy.addr"
      if [ -n "$hold" ] && ! sh -c "$hold" hold "$pid" >/dev/null; then
        echo "ferry: cannot hold the network of $id" >&2; exit 87
      fi
      """ + MigrationCriuConfig.FREEZE + """
      rc=$?; if [ $rc != 0 ]; then [ -n "$release" ] && sh -c "$release" release "$pid" >/dev/null 2>&1; exit $rc; fi
      setsid sh -c 'runc checkpoint "$@" 3>"$0/ready" </dev/null >"$0/lazy.out" 2>&1; echo $? > "$0/lazy.rc"' \
        "$work" --lazy-pages --leave-running --page-server "$addr" --status-fd 3 --tcp-established --work-path "$work" "$@" "$id" \
        </dev/null >/dev/null 2>&1 &
      echo $! > "$work/lazy.pid"
      n=$(timeout 300 head -c1 "$work/ready" | wc -c)
      [ "$n" = 1 ] && exit 0
      sleep 0.2; cat "$work/lazy.out" >&2
      [ -n "$release" ] && sh -c "$release" release "$pid" >/dev/null 2>&1
      runc resume "$id" 2>/dev/null; exit 1
      """;

  public static Command lazyCheckpoint(ContainerName id, String imageDir, String workDir, String pageServerAddress, int port,
      long pid, String holdScript, String releaseScript, String whileFrozen, boolean networkHeld) {
    return Command.script(LAZY_CHECKPOINT, id.value(), workDir, pageServerAddress + ":" + port, Long.toString(pid), holdScript,
        releaseScript, whileFrozen, MigrationCriuConfig.dump(networkHeld), "--image-path", imageDir);
  }

  /**
   * Ends a post-copy dump that has not handed over, so that the original processes live on. Killing
   * CRIU would kill them (field notes §10); instead its page server is sent an empty connection
   * (connect, then close), which it takes as the end of serving: CRIU finishes the dump, leaves the
   * processes alive ({@code --leave-running}) and puts the freezer back as it found it, paused
   * (checked on the lab, 2026-12-01: exit 0, state paused, then {@code runc resume} and the counter's
   * ticks went on contiguous). Waits at most 15 s for CRIU to end; only then, as a last resort, sends
   * it SIGTERM. Prints the container's state afterwards. The caller lifts the hold and resumes.
   */
  private static final String ABORT_LAZY_CHECKPOINT = """
      work=$1
      [ -f "$work/lazy.pid" ] || exit 0
      [ -s "$work/lazy.rc" ] && exit 0
      addr=$(cat "$work/lazy.addr" 2>/dev/null); host=${addr%:*}; port=${addr##*:}
      poke() {
        if command -v bash >/dev/null; then timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
        elif command -v nc >/dev/null; then timeout 5 nc -w 1 "$host" "$port" </dev/null 2>/dev/null
        else timeout 5 busybox nc -w 1 "$host" "$port" </dev/null 2>/dev/null; fi
      }
      i=0
      while [ ! -s "$work/lazy.rc" ] && [ $i -lt 150 ]; do
        [ $((i % 20)) = 0 ] && poke
        sleep 0.1; i=$((i+1))
      done
      if [ ! -s "$work/lazy.rc" ]; then
        echo "ferry: CRIU's page server did not end; sending it SIGTERM" >&2
        kill -TERM -- "-$(cat "$work/lazy.pid")" 2>/dev/null; sleep 2
      fi
      [ -s "$work/lazy.rc" ]
      """;

  /** The same as {@link #abortLazyCheckpoint}, as script text for a script that runs it on its own ($1: the dump's work folder). */
  public static String abortLazyCheckpointScript() {
    return ABORT_LAZY_CHECKPOINT;
  }

  public static Command abortLazyCheckpoint(String workDir) {
    return Command.script(ABORT_LAZY_CHECKPOINT, workDir);
  }

  /** Waits (bounded) until the post-copy dump has served every page and ended; prints its exit code. */
  private static final String AWAIT_LAZY_CHECKPOINT = """
      work=$1; limit=$2; i=0
      while [ ! -s "$work/lazy.rc" ]; do
        [ $i -ge "$limit" ] && { echo timeout; exit 1; }
        sleep 0.1; i=$((i+1))
      done
      rc=$(cat "$work/lazy.rc"); [ "$rc" = 0 ] || tail -n 20 "$work/lazy.out" >&2; echo "$rc"; [ "$rc" = 0 ]
      """;

  public static Command awaitLazyCheckpoint(String workDir, java.time.Duration limit) {
    return Command.script(AWAIT_LAZY_CHECKPOINT, workDir, Long.toString(limit.toMillis() / 100));
  }

  /**
   * Starts CRIU's lazy-pages daemon on the destination: it fetches pages from the source's page
   * server as the restored processes touch them (userfaultfd), then the rest in the background.
   * Returns once its socket exists, so {@code runc restore --lazy-pages} finds it.
   */
  private static final String LAZY_PAGES_DAEMON = """
      img=$1; work=$2; addr=$3; port=$4
      mkdir -p "$work"
      setsid criu lazy-pages --page-server --address "$addr" --port "$port" -D "$img" -W "$work" -o lazy-pages.log \
        </dev/null >/dev/null 2>&1 &
      echo $! > "$work/lazy-pages.pid"
      i=0
      while [ $i -lt 250 ]; do [ -S "$work/lazy-pages.socket" ] && exit 0; sleep 0.02; i=$((i+1)); done
      echo "criu lazy-pages did not start" >&2; tail -n 20 "$work/lazy-pages.log" >&2; exit 1
      """;

  public static Command lazyPagesDaemon(String imageDir, String workDir, String sourceAddress, int port) {
    return Command.script(LAZY_PAGES_DAEMON, imageDir, workDir, sourceAddress, Integer.toString(port));
  }

  /** Stops a lazy-pages daemon left from a failed restore. */
  public static Command stopLazyPagesDaemon(String workDir) {
    return Command.script("[ -f \"$1/lazy-pages.pid\" ] && kill -KILL \"$(cat \"$1/lazy-pages.pid\")\" 2>/dev/null; true", workDir);
  }

  /** The tail of the CRIU log that runc left in a work folder, for error reports. */
  public static Command logTail(String workDir) {
    return Command.script("for f in \"$1\"/*.log; do [ -f \"$f\" ] && { echo \"== $f\"; tail -n 40 \"$f\"; }; done; true", workDir);
  }
}
