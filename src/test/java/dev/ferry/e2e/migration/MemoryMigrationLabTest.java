package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Strategy;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A container with 256 MiB of memory that it keeps dirtying migrates, and its own check of every page passes. */
@RequiresLab
class MemoryMigrationLabTest {
  private static final int PAGES_256_MIB = 256 * 1024 * 1024 / 4096;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @ParameterizedTest
  @EnumSource(value = Strategy.class, names = {"STOP_AND_COPY", "POST_COPY"})
  void memoryWorkloadOf256MiBVerifiesEveryPageOnTheDestination(Strategy strategy) throws Exception {
    String ct = LabContainers.uniqueName("mem256");
    String log = LabContainers.logOf(ct, "memory.log");
    try {
      session.lab().startContainer("ferry-a", ct, "memory", "--", "--mib", "256", "--dirty-pages-per-sec", "1024", "--log", "/var/log/memory.log");
      LabContainers.awaitLine(session.a(), log, "tick ");
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(strategy), session.threads());
      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      assertThat(r.strategy()).isEqualTo(strategy);
      assertThat(LabContainers.selfCheck(session.b(), ct)).startsWith("verify ok pages=" + PAGES_256_MIB + " ");
      assertThat(LabContainers.readFile(session.b(), log)).as("no check after a gap failed").doesNotContain("verify FAIL");
      Migrations.assertRunsOnlyOn(ct, session.b(), session.a());
      System.out.printf("256 MiB %s: frozen %d ms, total %d ms, restored pages %d%n", strategy,
          r.freeze().totalFrozenMillis(), r.totalMillis(), r.criuRestore().pagesRestored());
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }
}
