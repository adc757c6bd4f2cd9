package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When a migration fails or is stopped, the container keeps running on the source and the destination is left clean. */
@RequiresLab
class MigrationFaultsLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @ParameterizedTest
  @EnumSource(value = Strategy.class, names = {"STOP_AND_COPY", "POST_COPY"})
  void failedRestoreOnTheDestinationLeavesTheContainerRunningOnTheSourceAndNothingOnTheDestination(Strategy strategy) throws Exception {
    String ct = LabContainers.uniqueName("fault-restore");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 5);
      // A real CRIU failure: the process image is gone from the destination just before the restore.
      MigrationListener breakImages = new MigrationListener() {
        @Override
        public void phaseFinished(String id, Phase phase, java.time.Duration took, long bytes) {
          if (phase == Phase.COPY_DUMP) {
            session.b().exec(Command.of("rm", "-f", "/var/lib/ferry/work/" + ct + "-" + id + "/img/core-1.img"));
          }
        }
      };
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(strategy), session.threads(), breakImages);
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(r.failure().phase()).isEqualTo(Phase.RESTORE);
      assertThat(r.failure().summary()).contains("could not restore " + ct + " on ferry-b");
      assertThat(r.failure().advice()).contains("brought back on ferry-a");
      assertThat(r.failure().summary()).as("translated into plain words").contains("checkpoint files were not found");
      assertThat(r.failure().logExcerpt()).as("CRIU's own words are attached").isNotBlank();
      System.out.printf("failed restore (%s): %s | %s%n", strategy, r.failure().summary(), r.failure().advice());
      assertThat(r.placement().runningOn()).as("checked on both hosts").containsExactly("ferry-a");
      LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 3);
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      // Not seized by a CRIU dump left serving pages (field notes §10): a new process starts in it and the ticks go on.
      assertThat(session.a().exec(Command.script("timeout 10 runc exec \"$1\" true", ct)).exitCode()).as("runc exec works").isZero();
      long ticks = TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log"))).lastSeq();
      LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 3);
      assertThat(TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log"))).lastSeq())
          .as("the original ticks on").isGreaterThan(ticks);
      Migrations.assertCounterContinuous(session.a(), ct, r.totalMillis());
      assertThat(session.a().exec(Command.of("test", "-e", "/var/lib/ferry/locks/" + ct)).exitCode()).as("lock released").isNotZero();
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void cancelBeforeTheFreezeStopsCleanlyAndASecondMigrationOfTheSameContainerIsRefusedMeanwhile() throws Exception {
    String ct = LabContainers.uniqueName("fault-cancel");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      Migration first = new Migration(session.a(), session.b(), new MigrationRequest(ContainerName.of(ct), Optional.empty(), false), session.threads());
      AtomicReference<MigrationReport> second = new AtomicReference<>();
      first.addListener(new MigrationListener() {
        @Override
        public void phaseStarted(String id, Phase phase) {
          if (phase == Phase.SYNC_ROOTFS) {
            second.set(Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads()));
            first.cancel();
          }
        }
      });
      MigrationReport r = first.run();
      assertThat(second.get().outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(second.get().failure().summary()).contains("Another migration or checkpoint of " + ct + " is already running");
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(r.failure().summary()).contains("cancelled before the freeze");
      assertThat(r.phases()).extracting(t -> t.phase()).doesNotContain(Phase.FREEZE_DUMP);
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      assertThat(session.a().exec(Command.of("test", "-e", "/var/lib/ferry/locks/" + ct)).exitCode()).as("lock released").isNotZero();
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }
}
