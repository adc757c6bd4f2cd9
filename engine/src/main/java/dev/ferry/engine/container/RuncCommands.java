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

  private static final String RESTORE = """
      id=$1; work=$2; shift 2
      mkdir -p "$work"
      runc restore -d --work-path "$work" "$@" "$id" </dev/null >/dev/null 2>"$work/runc-restore.err" && exit 0
      rc=$?; cat "$work/runc-restore.err" >&2; exit $rc
      """;

  public static Command restore(ContainerName id, String imageDir, String workDir, String bundle, boolean lazy) {
    Command c = Command.script(RESTORE, id.value(), workDir, "--image-path", imageDir, "--bundle", bundle, "--tcp-established");
    return lazy ? c.with("--lazy-pages") : c;
  }

  /**
   * Post-copy dump (field notes §3): pauses, then starts {@code runc checkpoint --lazy-pages} in the
   * background, where CRIU stays as a page server on {@code address} until the destination has
   * fetched every page; returns as soon as CRIU says (through a FIFO on its status fd) that the
   * images are written and it is ready to serve. Its exit code lands in WORK/lazy.rc, its process
   * group id in WORK/lazy.pid. If it fails before that, the container is resumed.
   */
  private static final String LAZY_CHECKPOINT = """
      id=$1; work=$2; addr=$3; shift 3
      mkdir -p "$work" && rm -f "$work/ready" "$work/lazy.rc" && mkfifo "$work/ready" || exit 1
      runc pause "$id" || exit $?
      setsid sh -c 'runc checkpoint "$@" 3>"$0/ready" </dev/null >"$0/lazy.out" 2>&1; echo $? > "$0/lazy.rc"' \
        "$work" --lazy-pages --page-server "$addr" --status-fd 3 --tcp-established --work-path "$work" "$@" "$id" \
        </dev/null >/dev/null 2>&1 &
      echo $! > "$work/lazy.pid"
      n=$(timeout 300 head -c1 "$work/ready" | wc -c)
      [ "$n" = 1 ] && exit 0
      sleep 0.2; cat "$work/lazy.out" >&2; runc resume "$id" 2>/dev/null; exit 1
      """;

  public static Command lazyCheckpoint(ContainerName id, String imageDir, String workDir, String pageServerAddress, int port) {
    return Command.script(LAZY_CHECKPOINT, id.value(), workDir, pageServerAddress + ":" + port, "--image-path", imageDir);
  }

  /** Stops a post-copy dump that has not handed over (its page server and CRIU), and resumes the container. */
  private static final String ABORT_LAZY_CHECKPOINT = """
      id=$1; work=$2
      [ -f "$work/lazy.pid" ] && kill -KILL -- "-$(cat "$work/lazy.pid")" 2>/dev/null
      sleep 0.2
      runc resume "$id" 2>/dev/null || true
      runc state "$id" >/dev/null 2>&1
      """;

  public static Command abortLazyCheckpoint(ContainerName id, String workDir) {
    return Command.script(ABORT_LAZY_CHECKPOINT, id.value(), workDir);
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

  /** The container's status word ("running", "paused", ...), or empty when runc does not know it. */
  public static Command status(ContainerName id) {
    return Command.script("runc state \"$1\" 2>/dev/null | sed -n 's/.*\"status\": *\"\\([a-z]*\\)\".*/\\1/p'", id.value());
  }

  /** The tail of the CRIU log that runc left in a work folder, for error reports. */
  public static Command logTail(String workDir) {
    return Command.script("for f in \"$1\"/*.log; do [ -f \"$f\" ] && { echo \"== $f\"; tail -n 40 \"$f\"; }; done; true", workDir);
  }
}
