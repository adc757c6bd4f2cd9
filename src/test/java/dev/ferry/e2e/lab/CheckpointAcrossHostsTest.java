package dev.ferry.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.HostPipe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab is fit for migrations: plain runc + CRIU checkpoint a workload on one host, the bundle and
 * images go to the other host over SSH, and the restore there carries on where the original stopped.
 */
@RequiresLab
class CheckpointAcrossHostsTest {
  private static final long TICK_MS = 100;
  // Timer slack and the moment between the last tick and the dump.
  private static final long TOLERANCE_MS = 60;
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void counterContinuesOnTheOtherHostWithoutRestartOrGapBeyondTheFreeze() throws Exception {
    String ct = LabContainers.uniqueName("ckpt-counter");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 15);
      long freezeMs = checkpointMoveRestore(ct);
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 15);
      TickLog log = TickLog.parse(LabContainers.readFile(session.b(), LabContainers.logOf(ct, "counter.log")));
      assertThat(log.starts()).as("the counter must not restart").isEqualTo(1);
      assertThat(log.contiguous()).as("tick numbers continue without a hole").isTrue();
      assertThat(log.lastSeq()).isGreaterThan(20);
      assertThat(log.maxGapMillis()).as("largest gap vs measured freeze of %d ms", freezeMs).isLessThanOrEqualTo(freezeMs + TICK_MS + TOLERANCE_MS);
      assertThat(session.b().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void memoryWorkloadOf64MiBVerifiesItsOwnMemoryAfterTheRestore() throws Exception {
    String ct = LabContainers.uniqueName("ckpt-memory");
    try {
      session.lab().startContainer("ferry-a", ct, "memory", "--", "--mib", "64", "--dirty-pages-per-sec", "256", "--log", "/var/log/memory.log");
      LabContainers.awaitLine(session.a(), LabContainers.logOf(ct, "memory.log"), "start ");
      LabContainers.awaitLine(session.a(), LabContainers.logOf(ct, "memory.log"), "tick ");
      checkpointMoveRestore(ct);
      // The freeze is a gap of many intervals, which makes the workload check all 16384 pages by itself.
      String log = LabContainers.awaitLine(session.b(), LabContainers.logOf(ct, "memory.log"), "verify ");
      assertThat(log).contains("gap ").contains("verify ok pages=16384").doesNotContain("verify FAIL");
      assertThat(TickLog.parse(log).starts()).isEqualTo(1);
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  /** Checkpoints ct on A, copies its bundle and images to B through this client's SSH sessions, restores it there. */
  private long checkpointMoveRestore(String ct) throws Exception {
    String work = "/var/lib/ferry/work/lab-test-" + ct;
    String bundle = "/var/lib/ferry/containers/" + ct;
    long frozenAt = System.currentTimeMillis();
    ExecResult ckpt = session.a().exec(Command.of("runc", "checkpoint", "--image-path", work + "/img", "--work-path", work + "/work", ct), Duration.ofMinutes(2));
    assertThat(ckpt.exitCode()).as(ckpt.stderr()).isZero();
    copyTree(bundle);
    copyTree(work + "/img");
    ExecResult restore = session.b().exec(Command.script("runc restore -d --image-path \"$1/img\" --work-path \"$1/work\" --bundle \"$2\" \"$3\" </dev/null >/dev/null",
        work, bundle, ct), Duration.ofMinutes(2));
    long freezeMs = System.currentTimeMillis() - frozenAt;
    assertThat(restore.exitCode()).as(restore.stderr()).isZero();
    session.a().exec(Command.of("rm", "-rf", work));
    session.b().exec(Command.of("rm", "-rf", work));
    return freezeMs;
  }

  private void copyTree(String dir) {
    long bytes = HostPipe.pipe(session.a(), Command.of("tar", "-C", dir, "--numeric-owner", "-cpf", "-", "."),
        session.b(), Command.script("mkdir -p \"$1\" && exec tar -C \"$1\" -xpf -", dir), Duration.ofMinutes(5), session.threads().io());
    assertThat(bytes).isPositive();
  }
}
