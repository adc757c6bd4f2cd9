package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeWordsTest {
  @Test
  void whereItRunsComesFromTheCheckOfBothHostsNotFromTheOutcome() {
    MigrationReport r = withPlacement(Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "restore failed", "try again", ""),
        Map.of("ferry-a", "none", "ferry-b", "running"), List.of("ferry-b"));

    assertThat(OutcomeWords.whereNow(r)).startsWith("counter runs on ferry-b (both hosts asked afterwards:");
  }

  @Test
  void aContainerOnNeitherHostIsSaidPlainly() {
    MigrationReport r = withPlacement(Reports.failed(Outcome.NEEDS_ATTENTION, Phase.RESTORE, "restore failed", "look", ""),
        Map.of("ferry-a", "none", "ferry-b", "none"), List.of());

    assertThat(OutcomeWords.whereNow(r)).startsWith("counter runs on neither host");
  }

  @Test
  void withoutACheckTheOutcomeSaysWhereItShouldBe() {
    MigrationReport r = withPlacement(Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "restore failed", "try again", ""), Map.of(), List.of());

    assertThat(OutcomeWords.whereNow(r)).isEqualTo("counter is running on ferry-a, as before; ferry-b was cleaned up.");
  }

  private static MigrationReport withPlacement(MigrationReport r, Map<String, String> states, List<String> running) {
    return new MigrationReport(r.id(), r.container(), r.source(), r.destination(), r.strategy(), r.strategyReason(), r.dryRun(), r.outcome(),
        r.startedAt(), r.totalMillis(), r.phases(), r.freeze(), r.rounds(), r.criuDump(), r.criuRestore(), r.transferPath(), r.checks(),
        r.notes(), r.failure(), new MigrationReport.Placement(new LinkedHashMap<>(states), running, "2026-12-01T10:00:03Z"));
  }
}
