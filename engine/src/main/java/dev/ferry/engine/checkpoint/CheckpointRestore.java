package dev.ferry.engine.checkpoint;

import dev.ferry.engine.container.RuncStatus;
import static dev.ferry.engine.checkpoint.Checkpoints.millisSince;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.criu.CriuErrors;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.migration.CriuStatsReader;
import dev.ferry.engine.migration.UndoStack;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostPipe;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * One restore of a named checkpoint, run once, with the target's lock held by the caller. Each step
 * that changes the target pushes its undo: a failure unwinds them in reverse, so the target ends as
 * it began. The checkpoint itself is only read. Steps: check the name is free on the target, copy the
 * checkpoint there (other host only), put its files in place as the container's bundle (setting aside
 * a bundle that was there), {@code runc restore} with a fresh work folder, confirm the container runs.
 */
final class CheckpointRestore {
  private static final Duration CRIU_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

  // On the same host the checkpoint keeps its files, so they are copied; a copy brought from another host is simply moved.
  private static final String PLACE_FILES = """
      bundle=$1; aside=$2; src=$3; how=$4
      mkdir -p "$(dirname "$bundle")" || exit $?
      if [ -e "$bundle" ]; then mv -T "$bundle" "$aside" || exit $?; echo aside; fi
      echo placing
      if [ "$how" = move ]; then exec mv -T "$src" "$bundle"; fi
      exec cp -a --reflink=auto "$src" "$bundle"
      """;

  private final RemoteHost from;
  private final RemoteHost to;
  private final Checkpoint checkpoint;
  private final Executor io;
  private final ContainerName ct;
  private final String bundle;
  private final String staging;
  private final String setAside;
  private final UndoStack undo = new UndoStack();

  CheckpointRestore(RemoteHost from, RemoteHost to, Checkpoint checkpoint, Executor io) {
    this.from = from;
    this.to = to;
    this.checkpoint = checkpoint;
    this.io = io;
    this.ct = checkpoint.containerName();
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.bundle = FerryPaths.bundle(ct);
    this.staging = FerryPaths.WORK + "/" + ct + "-restore-" + id;
    this.setAside = bundle + ".ferry-before-restore-" + id;
  }

  RestoreResult run() {
    refuseIfNameTaken();
    long start = System.nanoTime();
    try {
      boolean sameHost = from.name().equals(to.name());
      undo.push("remove " + staging + " on " + to.name(), () -> to.exec(Command.of("rm", "-rf", staging)));
      long copyStart = System.nanoTime();
      long copyBytes = sameHost ? 0 : copyCheckpoint();
      long copyMs = sameHost ? 0 : millisSince(copyStart);
      String images = (sameHost ? checkpoint.folder() : staging) + "/img";
      long filesStart = System.nanoTime();
      boolean replaced = placeFiles((sameHost ? checkpoint.folder() : staging) + "/bundle", sameHost);
      long filesMs = millisSince(filesStart);
      long restoreStart = System.nanoTime();
      restore(images);
      long restoreMs = millisSince(restoreStart);
      OptionalLong criuMs = CriuStatsReader.restore(to, staging + "/work/stats-restore").map(RestoreStats::restoreTime)
          .map(d -> OptionalLong.of(d.toMillis())).orElse(OptionalLong.empty());
      to.exec(Command.of("rm", "-rf", staging, setAside));
      return new RestoreResult(checkpoint, from.name(), to.name(), copyMs, copyBytes, filesMs, replaced, restoreMs,
          criuMs, millisSince(start));
    } catch (RuntimeException e) {
      throw CheckpointException.after(e, "Nothing was kept on " + to.name() + "; the checkpoint is unchanged.", undo.unwind());
    }
  }

  private void refuseIfNameTaken() {
    RuncStatus status = RuncStatus.of(to, ct);
    if (status.running() || status.paused()) {
      throw CheckpointException.refused("A container named " + ct + " is " + status.status() + " on " + to.name() + "; the restore would need its name.",
          "Stop and delete it first (runc delete --force " + ct + "), or restore on another host with --to. Nothing was changed.");
    }
    if (!status.known()) {
      throw CheckpointException.refused("Ferry cannot tell whether a container named " + ct + " exists on " + to.name() + " (runc did not answer).",
          "Check runc on " + to.name() + " ('runc state " + ct + "'), then restore again. Nothing was changed.");
    }
    if (!status.absent()) {
      throw CheckpointException.refused("A " + status.status() + " container named " + ct + " exists on " + to.name() + ".",
          "Delete it first (runc delete " + ct + "), then restore. Nothing was changed.");
    }
  }

  /** Streams the images, the files and the metadata into the staging folder on the target; returns the bytes moved. */
  private long copyCheckpoint() {
    Command producer = Command.of("tar", "-C", checkpoint.folder(), "--numeric-owner", "-cpf", "-", "img", "bundle", Checkpoint.METADATA_FILE);
    Command consumer = Command.script("mkdir -p \"$1\" && exec tar -C \"$1\" --numeric-owner -xpf -", staging);
    return HostPipe.pipe(from, producer, to, consumer, COPY_TIMEOUT, io);
  }

  /**
   * Puts the checkpoint's files where the container's bundle belongs. A bundle already there (the
   * container was deleted, its files kept) is set aside first, and put back if the restore fails;
   * after a restore it is removed, since the container's files are now the checkpoint's.
   */
  private boolean placeFiles(String source, boolean copy) {
    // One round trip; "aside" is printed once a bundle that was there is out of the way, so the undo knows even if the rest failed.
    Command place = Command.script(PLACE_FILES, bundle, setAside, source, copy ? "copy" : "move");
    ExecResult r = to.exec(place, COPY_TIMEOUT);
    boolean replaced = r.stdout().lines().anyMatch(l -> l.strip().equals("aside"));
    if (replaced) {
      undo.push("put the previous bundle back on " + to.name(), () -> Checkpoints.run(to, Command.of("mv", "-T", setAside, bundle)));
    }
    if (replaced || r.stdout().lines().anyMatch(l -> l.strip().equals("placing"))) {
      undo.push("remove the restored bundle on " + to.name(), () -> Checkpoints.run(to, Command.of("rm", "-rf", bundle)));
    }
    r.orThrow(to.name(), place);
    return replaced;
  }

  private void restore(String images) {
    undo.push("remove " + ct + " from " + to.name(), () -> to.exec(Command.of("runc", "delete", "--force", ct.value())));
    String work = staging + "/work";
    ExecResult r = to.exec(RuncCommands.restore(ct, images, work, bundle, false), CRIU_TIMEOUT);
    if (!r.ok()) {
      String log = to.exec(RuncCommands.logTail(work)).stdout();
      throw CheckpointException.criu("CRIU could not restore " + ct + " on " + to.name(), CriuErrors.explain(r.stderr(), log),
          "Nothing was kept on " + to.name() + "; the checkpoint is unchanged.");
    }
    RuncStatus status = RuncStatus.of(to, ct);
    if (!status.running()) {
      throw CheckpointException.failed("After the restore, " + ct + " on " + to.name() + " is '" + status.status() + "', not running.",
          "Nothing was kept on " + to.name() + "; the checkpoint is unchanged. The container's own log may say why it stopped.");
    }
  }
}
