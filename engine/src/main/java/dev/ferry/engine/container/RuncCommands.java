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

  /** The container's status word ("running", "paused", ...), or empty when runc does not know it. */
  public static Command status(ContainerName id) {
    return Command.script("runc state \"$1\" 2>/dev/null | sed -n 's/.*\"status\": *\"\\([a-z]*\\)\".*/\\1/p'", id.value());
  }

  /** The tail of the CRIU log that runc left in a work folder, for error reports. */
  public static Command logTail(String workDir) {
    return Command.script("for f in \"$1\"/*.log; do [ -f \"$f\" ] && { echo \"== $f\"; tail -n 40 \"$f\"; }; done; true", workDir);
  }
}
