package dev.ferry.engine.checkpoint;

import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.criu.CriuErrors;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.migration.CriuStatsReader;
import dev.ferry.engine.migration.UndoStack;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named checkpoints of the runc containers on one host: take one (stopping the container or leaving
 * it running), list them, delete one, and restore one on this host or another. A checkpoint holds
 * the container's files as well as its memory, so it can be restored after the container and its
 * bundle are gone, or on a host that never had it. Every operation on a container holds its
 * {@link ContainerLock} on the host it changes, so it never races a migration of the same container.
 * Calls block; run them on an engine thread.
 */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  // Same limit as a migration's dump: CRIU writes every page of the container.
  private static final Duration CRIU_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration FILES_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(60);

  private static final String LIST = """
      mark=$1; cd "$2" 2>/dev/null || exit 0
      if [ -n "$3" ]; then start=./$3; depth=1; else start=.; depth=2; fi
      [ -d "$start" ] || exit 0
      find "$start" -mindepth $depth -maxdepth $depth -type d | sort | while IFS= read -r d; do
        [ -f "$d/checkpoint.json" ] || continue
        printf '%s %s %s\\n' "$mark" "$(du -sb "$d" | cut -f1)" "${d#./}"
        cat "$d/checkpoint.json"; echo
      done
      """;

  private final RemoteHost host;
  private final Executor io;

  /** {@code io} runs the receiving side of copies to other hosts. */
  public Checkpoints(RemoteHost host, Executor io) {
    this.host = host;
    this.io = io;
  }

  public RemoteHost host() {
    return host;
  }

  /**
   * Checkpoints a running container as {@code name}. Its files are copied while it runs, then it is
   * paused, dumped, the files that changed meanwhile are synced, and it is resumed
   * ({@code leaveRunning}) or left stopped, as {@code runc checkpoint} leaves it. The checkpoint is
   * built in a work folder and appears under its name only once complete. On failure nothing is kept
   * and the container runs as before.
   *
   * @throws CheckpointException refused (the name is taken, the container is not running, another
   *     operation holds it) or failed (CRIU's error explained)
   */
  public Checkpoint create(ContainerName ct, String name, boolean leaveRunning) {
    CheckpointName cp = CheckpointName.of(name);
    String folder = FerryPaths.checkpoint(ct, cp.value());
    try (ContainerLock lock = lock(host, ct)) {
      if (host.exec(Command.of("test", "-e", folder)).ok()) {
        throw CheckpointException.refused("A checkpoint named '" + cp + "' of " + ct + " already exists on " + host.name() + ".",
            "Choose another name, or delete the old one first (ferry checkpoint-delete " + ct + " --host " + host.name()
                + " --name " + cp + ").");
      }
      RuncStatus status = RuncStatus.of(host, ct);
      if (!status.running()) {
        throw CheckpointException.refused(status.absent() ? "There is no runc container named " + ct + " on " + host.name() + "."
                : ct + " is " + status.status() + " on " + host.name() + ", not running.",
            "Only a running container can be checkpointed; 'ferry ps " + host.name() + "' lists them.");
      }
      return dump(ct, cp, folder, leaveRunning);
    }
  }

  private Checkpoint dump(ContainerName ct, CheckpointName cp, String folder, boolean leaveRunning) {
    String staging = FerryPaths.WORK + "/" + ct + "-checkpoint-" + UUID.randomUUID().toString().substring(0, 8);
    String bundle = FerryPaths.bundle(ct);
    UndoStack undo = new UndoStack();
    try {
      Instant created = Instant.now();
      long start = System.nanoTime();
      undo.push("remove " + staging + " on " + host.name(), () -> host.exec(Command.of("rm", "-rf", staging)));
      run(host, Command.of("mkdir", "-p", staging + "/img", staging + "/work"));
      run(host, RuncCommands.copyFiles(bundle, staging + "/bundle"), FILES_TIMEOUT);
      long filesMs = millisSince(start);
      long dumpStart = System.nanoTime();
      ExecResult r = host.exec(RuncCommands.checkpointWithFiles(ct, staging + "/img", staging + "/work", leaveRunning,
          bundle, staging + "/bundle"), CRIU_TIMEOUT);
      long dumpMs = millisSince(dumpStart);
      if (!leaveRunning && (r.ok() || r.exitCode() == RuncCommands.FILES_COPY_FAILED)) {
        // runc has stopped and removed the container: until the checkpoint is complete, a failure must bring it back.
        undo.push("bring " + ct + " back on " + host.name(), () -> run(host,
            RuncCommands.restore(ct, staging + "/img", staging + "/undo", bundle, false), CRIU_TIMEOUT));
      }
      if (r.exitCode() == RuncCommands.FILES_COPY_FAILED) {
        throw CheckpointException.failed("The container's files could not be copied into the checkpoint: " + r.stderr().strip(),
            "Check free disk space in " + FerryPaths.STORE + " on " + host.name() + ". " + ct + " runs as before.");
      }
      if (!r.ok()) {
        String log = host.exec(RuncCommands.logTail(staging + "/work")).stdout();
        throw CheckpointException.criu("CRIU could not checkpoint " + ct + " on " + host.name(), CriuErrors.explain(r.stderr(), log),
            ct + " was resumed and runs as before.");
      }
      OptionalLong frozen = CriuStatsReader.dump(host, staging + "/work/stats-dump").map(DumpStats::frozenTime)
          .map(d -> OptionalLong.of(d.toMillis())).orElse(OptionalLong.empty());
      long size = duBytes(staging);
      Checkpoint c = new Checkpoint(ct.value(), cp.value(), host.name(), created, size, "runc", leaveRunning,
          new CheckpointTimings(filesMs, dumpMs, millisSince(start), frozen));
      upload(host, CheckpointMetadata.write(c), staging + "/" + Checkpoint.METADATA_FILE);
      run(host, Command.script("mkdir -p \"$(dirname \"$2\")\" && mv -T \"$1\" \"$2\"", staging, folder));
      LOG.info("checkpoint {} of {} on {}: {} bytes, files {} ms, dump {} ms", cp, ct, host.name(), size, filesMs, dumpMs);
      return c;
    } catch (RuntimeException e) {
      throw CheckpointException.after(e, "Nothing was kept; " + ct + " runs as before on " + host.name() + ".", undo.unwind());
    }
  }

  /** Every checkpoint on this host, by container, then name. */
  public List<Checkpoint> list() {
    return listing("");
  }

  /** The checkpoints of one container on this host, by name. */
  public List<Checkpoint> list(ContainerName ct) {
    return listing(ct.value());
  }

  public Optional<Checkpoint> find(ContainerName ct, String name) {
    CheckpointName cp = CheckpointName.of(name);
    return list(ct).stream().filter(c -> c.name().equals(cp.value())).findFirst();
  }

  private List<Checkpoint> listing(String container) {
    Command c = Command.script(LIST, CheckpointMetadata.MARK, FerryPaths.CHECKPOINTS, container);
    return CheckpointMetadata.parseListing(run(host, c, FILES_TIMEOUT).stdout());
  }

  /** Deletes a checkpoint, and its container's folder when it was the last. */
  public void delete(ContainerName ct, String name) {
    Checkpoint c = require(ct, name);
    try (ContainerLock lock = lock(host, ct)) {
      run(host, Command.script("rm -rf \"$1\" && rmdir \"$(dirname \"$1\")\" 2>/dev/null; true", c.folder()));
    }
  }

  /**
   * Restores a checkpoint of this host on {@code onHost}: this host, or another one, to which the
   * checkpoint's images and files are first copied (a tar stream through this client, with
   * {@link dev.ferry.engine.ssh.HostPipe}). The container comes back with its files as they were at
   * the checkpoint. Refused, with nothing changed, when a container of that name exists on
   * {@code onHost}. On failure CRIU's error is explained and the target is left as it was: no
   * container, no copied files, and any bundle that was there put back.
   */
  public RestoreResult restore(ContainerName ct, String name, RemoteHost onHost) {
    Checkpoint c = require(ct, name);
    try (ContainerLock lock = lock(onHost, ct)) {
      return new CheckpointRestore(host, onHost, c, io).run();
    }
  }

  private Checkpoint require(ContainerName ct, String name) {
    return find(ct, name).orElseThrow(() -> CheckpointException.refused(
        "There is no checkpoint named '" + name + "' of " + ct + " on " + host.name() + ".",
        "'ferry checkpoints " + host.name() + " " + ct + "' lists the ones there are."));
  }

  static ContainerLock lock(RemoteHost on, ContainerName ct) {
    try {
      return ContainerLock.tryAcquire(on, ct).orElseThrow(() -> CheckpointException.refused(
          ContainerLock.busyMessage(on, ct), ContainerLock.busyAdvice(on, ct)));
    } catch (ContainerLock.LockException e) {
      // Not another operation: the lock could not be made at all (disk full, permissions).
      throw CheckpointException.failed(e.getMessage(), e.advice());
    }
  }

  static ExecResult run(RemoteHost on, Command c) {
    return run(on, c, SHORT_TIMEOUT);
  }

  static ExecResult run(RemoteHost on, Command c, Duration timeout) {
    return on.exec(c, timeout).orThrow(on.name(), c);
  }

  static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }

  private long duBytes(String dir) {
    return Long.parseLong(run(host, Command.of("du", "-sb", dir), FILES_TIMEOUT).stdout().strip().split("\\s+")[0]);
  }

  private static void upload(RemoteHost on, String text, String path) {
    Command c = Command.script("cat > \"$1\"", path);
    int rc = on.exec(c, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(), SHORT_TIMEOUT);
    if (rc != 0) {
      throw new IllegalStateException("could not write " + path + " on " + on.name() + " (exit " + rc + ")");
    }
  }
}
