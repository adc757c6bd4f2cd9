package dev.ferry.e2e.checkpoint;

import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.exists;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.initPid;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.leftovers;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.removeAll;
import static dev.ferry.e2e.checkpoint.CheckpointLabFiles.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.checkpoint.RestoreResult;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.RuncRuntime;
import dev.ferry.engine.criu.CriuFailure;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Named checkpoints through the engine, on the lab's real hosts: take, list, restore here and there, delete, refuse. */
@RequiresLab
class NamedCheckpointsLabTest {
  private static final long TICK_MS = 100;
  // Timer slack and the moment between the last tick and the dump (as in CheckpointAcrossHostsTest).
  private static final long TOLERANCE_MS = 60;
  @RegisterExtension
  static final LabSession session = new LabSession();

  private Checkpoints onA() {
    return new Checkpoints(session.a(), session.threads().io());
  }

  @Test
  void stoppingCheckpointOnOneHostRestoredOnTheOtherContinuesTheCounter() throws Exception {
    String ct = LabContainers.uniqueName("ncp-move");
    ContainerName name = ContainerName.of(ct);
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      session.b(); // connect before the clock starts: the window is about the checkpoint, not the SSH handshake
      LabContainers.awaitTicks(session.a(), ct, 0, 15);
      long started = System.currentTimeMillis();
      Checkpoint c = onA().create(name, "before-move", false);
      assertThat(status(session.a(), ct)).as("runc checkpoint without --leave-running stops the container").isEqualTo("absent");
      RestoreResult r = onA().restore(name, "before-move", session.b());
      long window = System.currentTimeMillis() - started;
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 15);

      TickLog log = TickLog.parse(LabContainers.readFile(session.b(), LabContainers.logOf(ct, "counter.log")));
      report("A -> B", c, r, window, log);
      assertThat(status(session.b(), ct)).isEqualTo("running");
      assertThat(log.starts()).as("the counter must not restart").isEqualTo(1);
      assertThat(log.contiguous()).as("tick numbers continue without a hole").isTrue();
      assertThat(log.lastSeq()).isGreaterThan(20);
      assertThat(log.maxGapMillis()).as("largest gap vs %d ms from checkpoint start to restore end", window)
          .isLessThanOrEqualTo(window + TICK_MS + TOLERANCE_MS);
      assertThat(r.copyBytes()).as("images and files crossed to B").isGreaterThan(c.sizeBytes() / 2);
      assertThat(r.replacedBundle()).isFalse();
      assertThat(c.sizeBytes()).isPositive();
      assertThat(leftovers(session.b(), ct)).as("staging on B removed").isEmpty();
      assertThat(leftovers(session.a(), ct)).isEmpty();
      assertThat(onA().list(name)).extracting(Checkpoint::name).as("the checkpoint stays on A").containsExactly("before-move");
    } finally {
      removeAll(session.a(), ct);
      removeAll(session.b(), ct);
    }
  }

  @Test
  void leaveRunningCheckpointIsListedAndRestoresOnTheSameHostWithItsOwnFilesAfterTheContainerWasDeleted() throws Exception {
    String ct = LabContainers.uniqueName("ncp-keep");
    ContainerName name = ContainerName.of(ct);
    String logFile = LabContainers.logOf(ct, "counter.log");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 10);
      Instant before = Instant.now();
      long started = System.currentTimeMillis();
      Checkpoint c = onA().create(name, "snap", true);
      long created = System.currentTimeMillis();
      LabContainers.awaitTicks(session.a(), ct, created, 10);
      TickLog whileRunning = TickLog.parse(LabContainers.readFile(session.a(), logFile));
      assertThat(status(session.a(), ct)).isEqualTo("running");
      assertThat(whileRunning.ticksAfter(created)).as("it kept ticking after the checkpoint").isGreaterThanOrEqualTo(8);
      assertThat(whileRunning.contiguous()).isTrue();
      System.out.printf("[named checkpoints] left running: largest counter gap around the checkpoint %d ms (dump step %d ms)%n",
          whileRunning.maxGapMillis(), c.timings().dumpMillis());
      assertThat(whileRunning.maxGapMillis()).as("it stood still no longer than the dump step (%d ms)", c.timings().dumpMillis())
          .isLessThanOrEqualTo(c.timings().dumpMillis() + TICK_MS + TOLERANCE_MS);

      Checkpoint listed = onA().list().stream().filter(l -> l.container().equals(ct)).findFirst().orElseThrow();
      assertThat(listed.name()).isEqualTo("snap");
      assertThat(listed.sizeBytes()).isGreaterThan(1024 * 1024);
      assertThat(listed.created()).isBetween(before.minusSeconds(1), Instant.now());
      assertThat(listed.leaveRunning()).isTrue();
      assertThat(listed.host()).isEqualTo("ferry-a");

      new RuncRuntime(session.a()).delete(name); // runc delete: the bundle, with the newer ticks, stays
      long restoreStarted = System.currentTimeMillis();
      RestoreResult r = onA().restore(name, "snap", session.a());
      long window = System.currentTimeMillis() - started;
      LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 10);

      TickLog log = TickLog.parse(LabContainers.readFile(session.a(), logFile));
      report("A -> A (left running, deleted, restored)", c, r, window, log);
      assertThat(status(session.a(), ct)).isEqualTo("running");
      assertThat(r.replacedBundle()).as("the kept bundle was replaced by the checkpoint's files").isTrue();
      assertThat(r.copyBytes()).isZero();
      assertThat(log.starts()).isEqualTo(1);
      assertThat(log.contiguous()).as("the log is the checkpoint's: the ticks after it are gone, numbers continue").isTrue();
      assertThat(log.maxGapMillis()).as("back in time to the checkpoint").isGreaterThanOrEqualTo(1000)
          .isLessThanOrEqualTo(window + TICK_MS + TOLERANCE_MS);
      assertThat(log.stamps()).as("the ticks written after the checkpoint were rolled back with its files")
          .noneMatch(t -> t > created + TICK_MS && t < restoreStarted);
      assertThat(leftovers(session.a(), ct)).as("no staging, no set-aside bundle").isEmpty();

      onA().delete(name, "snap");
      assertThat(onA().list(name)).isEmpty();
      assertThat(exists(session.a(), "/var/lib/ferry/checkpoints/" + ct)).as("the container's checkpoint folder went with the last one").isFalse();
      assertThat(status(session.a(), ct)).as("deleting a checkpoint leaves the container alone").isEqualTo("running");
    } finally {
      removeAll(session.a(), ct);
    }
  }

  @Test
  void restoringOverAContainerThatRunsIsRefusedAndChangesNothing() throws Exception {
    String ct = LabContainers.uniqueName("ncp-taken");
    ContainerName name = ContainerName.of(ct);
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      session.lab().startContainer("ferry-b", ct, "counter");
      onA().create(name, "kept", true);
      int pidA = initPid(session.a(), ct);
      int pidB = initPid(session.b(), ct);
      String bundleB = session.b().exec(Command.script("ls -la --time-style=full-iso \"$1\"", "/var/lib/ferry/containers/" + ct)).stdout();

      for (RemoteHost target : new RemoteHost[] {session.a(), session.b()}) {
        assertThatThrownBy(() -> onA().restore(name, "kept", target))
            .isInstanceOfSatisfying(CheckpointException.class, e -> assertThat(e.refused()).isTrue())
            .hasMessageContaining("A container named " + ct + " is running on " + target.name());
      }
      assertThatThrownBy(() -> onA().create(name, "kept", true))
          .isInstanceOfSatisfying(CheckpointException.class, e -> assertThat(e.refused()).isTrue())
          .hasMessageContaining("already exists");

      assertThat(initPid(session.a(), ct)).as("same process on A").isEqualTo(pidA).isPositive();
      assertThat(initPid(session.b(), ct)).as("same process on B").isEqualTo(pidB).isPositive();
      assertThat(status(session.a(), ct)).isEqualTo("running");
      assertThat(status(session.b(), ct)).isEqualTo("running");
      assertThat(session.b().exec(Command.script("ls -la --time-style=full-iso \"$1\"", "/var/lib/ferry/containers/" + ct)).stdout())
          .isEqualTo(bundleB);
      assertThat(leftovers(session.a(), ct)).isEmpty();
      assertThat(leftovers(session.b(), ct)).isEmpty();
      assertThat(onA().list(name)).extracting(Checkpoint::name).containsExactly("kept");
    } finally {
      removeAll(session.a(), ct);
      removeAll(session.b(), ct);
    }
  }

  @Test
  void aRestoreThatCriuCannotDoIsExplainedAndLeavesTheTargetAsItWas() throws Exception {
    String ct = LabContainers.uniqueName("ncp-broken");
    ContainerName name = ContainerName.of(ct);
    String bundleA = "/var/lib/ferry/containers/" + ct;
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      Checkpoint c = onA().create(name, "damaged", false);
      // The stopped container's bundle stays on A; mark it to see it come back untouched.
      session.a().exec(Command.of("touch", bundleA + "/marker"));
      session.a().exec(Command.script("rm -f \"$1\"/img/inventory.img", c.folder()));

      for (RemoteHost target : new RemoteHost[] {session.a(), session.b()}) {
        assertThatThrownBy(() -> onA().restore(name, "damaged", target))
            .isInstanceOfSatisfying(CheckpointException.class, e -> {
              assertThat(e.refused()).isFalse();
              assertThat(e.criuFailure()).map(CriuFailure::kind).hasValue(CriuFailure.Kind.IMAGES_MISSING);
              assertThat(e.getMessage()).startsWith("CRIU could not restore " + ct + " on " + target.name());
              assertThat(e.advice()).contains("Nothing was kept on " + target.name());
            });
        assertThat(status(target, ct)).as("no half-restored container on %s", target.name()).isEqualTo("absent");
        assertThat(leftovers(target, ct)).as("no staging or set-aside bundle on %s", target.name()).isEmpty();
      }
      assertThat(exists(session.a(), bundleA + "/marker")).as("A's own bundle was put back").isTrue();
      assertThat(exists(session.b(), "/var/lib/ferry/containers/" + ct)).as("no bundle left on B").isFalse();
    } finally {
      removeAll(session.a(), ct);
      removeAll(session.b(), ct);
    }
  }

  private static void report(String what, Checkpoint c, RestoreResult r, long window, TickLog log) {
    System.out.printf("[named checkpoints] %s: checkpoint files %d ms, pause+dump+sync %d ms (CRIU frozen %d ms), total %d ms, %d bytes;"
            + " restore copy %d ms %d bytes, files %d ms, runc restore %d ms (CRIU %d ms), total %d ms;"
            + " checkpoint start -> restore end %d ms; largest counter gap %d ms%n",
        what, c.timings().filesMillis(), c.timings().dumpMillis(), c.timings().criuFrozenMillis().orElse(-1), c.timings().totalMillis(), c.sizeBytes(),
        r.copyMillis(), r.copyBytes(), r.filesMillis(), r.restoreMillis(), r.criuRestoreMillis().orElse(-1), r.totalMillis(), window, log.maxGapMillis());
  }
}
