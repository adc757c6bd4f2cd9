package dev.ferry.app.migration;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PhaseTiming;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import java.time.Instant;
import java.util.List;

/** Migration reports shaped as the engine writes them, for view-model tests. */
public final class Reports {
  private Reports() {}

  /** A stop-and-copy move of counter from ferry-a to ferry-b whose frozen phases took 120 + 40 + 30 + 290 ms. */
  public static MigrationReport migrated(String id, Instant at, Strategy strategy) {
    List<PhaseTiming> phases = List.of(
        new PhaseTiming(Phase.PREFLIGHT, 0, 900, 0),
        new PhaseTiming(Phase.SYNC_ROOTFS, 1000, 300, 2_000_000),
        new PhaseTiming(Phase.FREEZE_DUMP, 1400, 120, 0),
        new PhaseTiming(Phase.COPY_FS_DELTA, 1520, 40, 1_000),
        new PhaseTiming(Phase.COPY_DUMP, 1560, 30, 300_000),
        new PhaseTiming(Phase.RESTORE, 1590, 290, 0),
        new PhaseTiming(Phase.CLEANUP, 1900, 100, 0));
    return report(id, at, strategy, Outcome.MIGRATED, phases, null);
  }

  public static MigrationReport failed(Outcome outcome, Phase phase, String summary, String advice, String excerpt) {
    List<PhaseTiming> phases = List.of(new PhaseTiming(Phase.PREFLIGHT, 0, 900, 0));
    return report("f41l", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY, outcome, phases,
        new MigrationReport.Failure(phase, summary, advice, excerpt));
  }

  public static MigrationReport report(String id, Instant at, Strategy strategy, Outcome outcome, List<PhaseTiming> phases,
      MigrationReport.Failure failure) {
    return new MigrationReport(id, "counter", "ferry-a", "ferry-b", strategy, "chosen for the test", outcome == Outcome.CHECKED, outcome,
        at, 2500, phases, FreezeTimeBreakdown.of(phases), List.of(), null, null, "direct", List.of(PreflightCheck.pass("name", "free")),
        List.of("strategy: " + strategy), failure, placement(outcome));
  }

  /** Where a report of that outcome found the container, as the engine's check after a migration says it. */
  static MigrationReport.Placement placement(Outcome outcome) {
    // The engine asks both hosts only after it touched them; blocked and dry runs touched nothing, and a
    // report that needs attention is tested here as one whose check could not tell.
    if (outcome == Outcome.BLOCKED || outcome == Outcome.CHECKED || outcome == Outcome.NEEDS_ATTENTION) {
      return null;
    }
    boolean moved = outcome.name().startsWith("MIGRATED");
    java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
    states.put("ferry-a", moved ? "none" : "running");
    states.put("ferry-b", moved ? "running" : "none");
    return new MigrationReport.Placement(states, List.of(moved ? "ferry-b" : "ferry-a"), "2026-12-01T10:00:03Z");
  }
}
