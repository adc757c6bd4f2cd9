package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabPair;
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
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live migration through the engine, between the lab's real hosts. */
@RequiresLab
class MigrationLabTest {
  private static final long TICK_MS = 100;
  private static final long TOLERANCE_MS = 60;
  // The number to beat: vzctl 4.7's total suspended time (field notes §2).
  private static final long VZMIGRATE_FREEZE_MS = 3377;
  private static LabPair hosts;
  private static Lab lab;
  private static EngineThreads threads;
  private static SshHost a;
  private static SshHost b;

  @BeforeAll
  static void connect() {
    hosts = LabPair.open();
    lab = hosts.lab;
    threads = hosts.threads;
    a = hosts.a;
    b = hosts.b;
  }

  @AfterAll
  static void close() {
    hosts.close();
  }

  @Test
  void counterGoesThereAndBackWithoutLosingTicks() throws Exception {
    String ct = LabContainers.uniqueName("mig-counter");
    List<MigrationReport> reports = new ArrayList<>();
    try {
      lab.startContainer("ferry-a", ct, "counter");
      Thread.sleep(1000);
      reports.add(migrate(a, b, ct, Optional.of(Strategy.STOP_AND_COPY)));
      Thread.sleep(500);
      reports.add(migrate(b, a, ct, Optional.empty()));
      Thread.sleep(1000);
      for (MigrationReport r : reports) {
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
        assertThat(r.freeze().totalFrozenMillis()).isPositive().isLessThan(VZMIGRATE_FREEZE_MS);
        assertThat(r.phases()).extracting(t -> t.phase()).contains(Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE);
        assertThat(r.criuDump()).isNotNull();
        assertThat(r.criuDump().pagesWritten()).isPositive();
        assertThat(r.transferPath()).startsWith("direct");
      }
      assertThat(a.exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(b.exec(Command.of("runc", "state", ct)).exitCode()).as("never on two hosts").isNotZero();
      assertThat(b.exec(Command.of("test", "-e", "/var/lib/ferry/containers/" + ct)).exitCode()).isNotZero();
      TickLog log = TickLog.parse(LabContainers.readFile(a, LabContainers.logOf(ct, "counter.log")));
      long longestFreeze = reports.stream().mapToLong(r -> r.freeze().totalFrozenMillis()).max().orElseThrow();
      assertThat(log.starts()).as("no restart").isEqualTo(1);
      assertThat(log.contiguous()).isTrue();
      assertThat(log.maxGapMillis()).isLessThanOrEqualTo(longestFreeze + TICK_MS + TOLERANCE_MS);
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(b, ct);
    }
  }

  @Test
  void dryRunChecksEverythingNamesTheStrategyAndTouchesNothing() {
    String ct = LabContainers.uniqueName("mig-dry");
    try {
      lab.startContainer("ferry-a", ct, "sleep");
      MigrationReport r = new Migration(a, b, new MigrationRequest(ContainerName.of(ct), Optional.empty(), true), threads).run();
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.CHECKED);
      assertThat(r.checks()).extracting(PreflightCheck::name)
          .contains("CRIU on ferry-a", "CRIU on ferry-b", "CPU", "architecture", "disk", "name", "runtime", "network lock", "memory features");
      assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.reason()).isNotEqualTo(PreflightCheck.Status.FAIL));
      assertThat(r.strategyReason()).contains("dirty tracking no").contains("userfaultfd on both hosts yes");
      assertThat(a.exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(b.exec(Command.of("ls", "/var/lib/ferry/containers")).stdout()).doesNotContain(ct);
    } finally {
      LabContainers.remove(a, ct);
    }
  }

  @Test
  void nameClashOnTheDestinationBlocksBeforeAnythingChanges() {
    String ct = LabContainers.uniqueName("mig-clash");
    try {
      lab.startContainer("ferry-a", ct, "sleep");
      lab.startContainer("ferry-b", ct, "sleep");
      MigrationReport r = migrate(a, b, ct, Optional.of(Strategy.STOP_AND_COPY));
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(r.failure().summary()).contains("name: ferry-b already has a container named " + ct);
      assertThat(a.exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(b, ct);
    }
  }

  private static MigrationReport migrate(SshHost from, SshHost to, String ct, Optional<Strategy> strategy) {
    return new Migration(from, to, new MigrationRequest(ContainerName.of(ct), strategy, false), threads).run();
  }
}
