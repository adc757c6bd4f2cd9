package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
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
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void counterGoesThereAndBackWithoutLosingTicks() throws Exception {
    String ct = LabContainers.uniqueName("mig-counter");
    List<MigrationReport> reports = new ArrayList<>();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 10);
      reports.add(Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY), session.threads()));
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 5);
      reports.add(Migrations.migrate(session.b(), session.a(), ct, Optional.empty(), session.threads()));
      LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 10);
      for (MigrationReport r : reports) {
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
        assertThat(r.freeze().totalFrozenMillis()).isPositive().isLessThan(Migrations.VZMIGRATE_FREEZE_MS);
        assertThat(r.phases()).extracting(t -> t.phase()).contains(Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE);
        assertThat(r.criuRestore()).isNotNull();
        assertThat(r.criuRestore().restoreTimeUs()).isPositive();
        assertThat(r.transferPath()).startsWith("direct");
      }
      assertThat(reports.get(0).strategy()).isEqualTo(Strategy.STOP_AND_COPY);
      assertThat(reports.get(0).criuDump().pagesWritten()).as("stop-and-copy wrote the memory in the dump").isPositive();
      // Auto on the lab would take post-copy (userfaultfd, no soft-dirty), but the counter's few MiB fit in one short freeze.
      assertThat(reports.get(1).strategy()).as("auto for a small container").isEqualTo(Strategy.STOP_AND_COPY);
      assertThat(reports.get(1).strategyReason()).containsPattern(ct + " uses only \\d+ [KM]iB of memory");
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      Migrations.assertNoMigrationCredentialsLeft(session.a(), session.b(), reports.get(0).id());
      Migrations.assertNoMigrationCredentialsLeft(session.b(), session.a(), reports.get(1).id());
      Migrations.assertCounterContinuous(session.a(), ct, reports.stream().mapToLong(r -> r.freeze().totalFrozenMillis()).max().orElseThrow());
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
          .contains("CRIU on ferry-a", "CRIU on ferry-b", "CPU", "architecture", "disk", "name", "runtime", "network lock", "memory features",
              "open files and mounts");
      assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.reason()).isNotEqualTo(PreflightCheck.Status.FAIL));
      // The lab's kernel has no soft-dirty tracking but has userfaultfd (field notes §4); a container this small goes
      // in one short freeze all the same.
      assertThat(r.strategy()).isEqualTo(Strategy.STOP_AND_COPY);
      assertThat(r.strategyReason()).contains(ct + " uses only ").contains("quicker than post-copy's start-up");
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
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY), session.threads());
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(r.failure().summary()).contains("name: ferry-b already has a container named " + ct);
      assertThat(session.a().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }


  @Test
  void preCopyIsRefusedWithTheReasonWhereTheKernelTracksNoDirtyMemory() {
    String ct = LabContainers.uniqueName("mig-pre");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.PRE_COPY), session.threads());
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(r.failure().summary()).contains("pre-copy was asked for, but ferry-a has no memory dirty tracking");
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }
}
