package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@RequiresLab
class PingPongLabTest {
  private static final int MIGRATIONS = 20;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void counterMigratesTwentyTimesInARowBetweenTwoHostsWithoutLosingTicks() throws Exception {
    String ct = LabContainers.uniqueName("pingpong");
    List<MigrationReport> reports = new ArrayList<>();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 5);
      for (int i = 0; i < MIGRATIONS; i++) {
        SshHost from = i % 2 == 0 ? session.a() : session.b();
        SshHost to = i % 2 == 0 ? session.b() : session.a();
        MigrationReport r = Migrations.migrate(from, to, ct, Optional.empty(), session.threads());
        assertThat(r.outcome()).as("migration %d: %s", i + 1, r.failure()).isEqualTo(MigrationReport.Outcome.MIGRATED);
        reports.add(r);
        LabContainers.awaitTicks(to, ct, System.currentTimeMillis(), 3);
      }
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      long longest = reports.stream().mapToLong(r -> r.freeze().totalFrozenMillis()).max().orElseThrow();
      Migrations.assertCounterContinuous(session.a(), ct, longest);
      long[] frozen = reports.stream().mapToLong(r -> r.freeze().totalFrozenMillis()).sorted().toArray();
      long ticksGap = dev.ferry.e2e.workloads.TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log"))).maxGapMillis();
      System.out.printf("ping-pong: %d migrations, frozen ms (engine clock) min %d / median %d / max %d; largest gap in the counter's"
          + " realtime ticks %d ms%n", MIGRATIONS, frozen[0], frozen[frozen.length / 2], longest, ticksGap);
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }
}
