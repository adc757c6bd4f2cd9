package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Live migration through the engine, between the lab's real hosts. */
@RequiresLab
class MigrationLabTest {
  private static final long TICK_MS = 100;
  private static final long TOLERANCE_MS = 60;
  // The number to beat: vzctl 4.7's total suspended time (field notes §2).
  private static final long VZMIGRATE_FREEZE_MS = 3377;
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void counterGoesThereAndBackWithoutLosingTicks() throws Exception {
    String ct = LabContainers.uniqueName("mig-counter");
    List<MigrationReport> reports = new ArrayList<>();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      Thread.sleep(1000);
      reports.add(migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY)));
      Thread.sleep(500);
      reports.add(migrate(session.b(), session.a(), ct, Optional.empty()));
      Thread.sleep(1000);
      for (MigrationReport r : reports) {
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
        assertThat(r.freeze().totalFrozenMillis()).isPositive().isLessThan(VZMIGRATE_FREEZE_MS);
        assertThat(r.phases()).extracting(t -> t.phase()).contains(Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE);
        assertThat(r.criuDump()).isNotNull();
        assertThat(r.criuDump().pagesWritten()).isPositive();
        assertThat(r.transferPath()).startsWith("direct");
      }
      assertThat(session.a().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(session.b().exec(Command.of("runc", "state", ct)).exitCode()).as("never on two hosts").isNotZero();
      assertThat(session.b().exec(Command.of("test", "-e", "/var/lib/ferry/containers/" + ct)).exitCode()).isNotZero();
      TickLog log = TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log")));
      long longestFreeze = reports.stream().mapToLong(r -> r.freeze().totalFrozenMillis()).max().orElseThrow();
      assertThat(log.starts()).as("no restart").isEqualTo(1);
      assertThat(log.contiguous()).isTrue();
      assertThat(log.maxGapMillis()).isLessThanOrEqualTo(longestFreeze + TICK_MS + TOLERANCE_MS);
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void dryRunChecksEverythingNamesTheStrategyAndTouchesNothing() {
    String ct = LabContainers.uniqueName("mig-dry");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      MigrationReport r = new Migration(session.a(), session.b(), new MigrationRequest(ContainerName.of(ct), Optional.empty(), true), session.threads()).run();
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.CHECKED);
      assertThat(r.checks()).extracting(PreflightCheck::name)
          .contains("CRIU on ferry-a", "CRIU on ferry-b", "CPU", "architecture", "disk", "name", "runtime", "network lock", "memory features");
      assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.reason()).isNotEqualTo(PreflightCheck.Status.FAIL));
      assertThat(r.strategyReason()).contains("dirty tracking no").contains("userfaultfd on both hosts yes");
      assertThat(session.a().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(session.b().exec(Command.of("ls", "/var/lib/ferry/containers")).stdout()).doesNotContain(ct);
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }

  @Test
  void nameClashOnTheDestinationBlocksBeforeAnythingChanges() {
    String ct = LabContainers.uniqueName("mig-clash");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      session.lab().startContainer("ferry-b", ct, "sleep");
      MigrationReport r = migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY));
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(r.failure().summary()).contains("name: ferry-b already has a container named " + ct);
      assertThat(session.a().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  private static MigrationReport migrate(SshHost from, SshHost to, String ct, Optional<Strategy> strategy) {
    return new Migration(from, to, new MigrationRequest(ContainerName.of(ct), strategy, false), session.threads()).run();
  }
}
