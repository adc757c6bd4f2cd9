package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PhaseTiming;
import dev.ferry.engine.migration.Strategy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {
  private static MigrationReport frozenFor(long frozen, long total) {
    List<PhaseTiming> phases = List.of(new PhaseTiming(Phase.FREEZE_DUMP, 0, frozen, 0));
    return new MigrationReport("x", "bench-idle", "a", "b", Strategy.POST_COPY, "", false, MigrationReport.Outcome.MIGRATED,
        Instant.EPOCH, total, phases, FreezeTimeBreakdown.of(phases), List.of(), null, null, "", List.of(), List.of(), null, null);
  }

  @Test
  void summaryHasTheMinimumMedianAndMaximumFreezeOfTheRuns() {
    BenchCommand.Summary s = BenchCommand.summarize("bench-idle", Strategy.POST_COPY,
        List.of(frozenFor(760, 3100), frozenFor(700, 3000), frozenFor(900, 3300)));
    assertThat(s).isEqualTo(new BenchCommand.Summary("bench-idle", "post-copy", 3, 700, 760, 900, 3100));
  }
}
