package dev.ferry.engine.migration;

import java.time.Instant;
import java.util.List;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;

/**
 * Everything known about one migration once it ended: what moved where, how (and why that way),
 * how long each phase took and what it moved, the freeze time in vzmigrate's rows, CRIU's own
 * statistics, and on failure which phase failed, in plain words, with the log excerpt. Saved as
 * JSON on the client; charts are drawn from these.
 */
public record MigrationReport(
    String id,
    String container,
    String source,
    String destination,
    Strategy strategy,
    String strategyReason,
    boolean dryRun,
    Outcome outcome,
    Instant startedAt,
    long totalMillis,
    List<PhaseTiming> phases,
    FreezeTimeBreakdown freeze,
    List<Round> rounds,
    DumpStats criuDump,
    RestoreStats criuRestore,
    String transferPath,
    List<PreflightCheck> checks,
    List<String> notes,
    Failure failure,
    Placement placement,
    ClientGap clientGap) {

  /** A report with no client watch (every migration not watched from a client). */
  public MigrationReport(String id, String container, String source, String destination, Strategy strategy, String strategyReason,
      boolean dryRun, Outcome outcome, Instant startedAt, long totalMillis, List<PhaseTiming> phases, FreezeTimeBreakdown freeze,
      List<Round> rounds, DumpStats criuDump, RestoreStats criuRestore, String transferPath, List<PreflightCheck> checks,
      List<String> notes, Failure failure, Placement placement) {
    this(id, container, source, destination, strategy, strategyReason, dryRun, outcome, startedAt, totalMillis, phases, freeze, rounds,
        criuDump, criuRestore, transferPath, checks, notes, failure, placement, null);
  }

  /** The same report with what a client saw. */
  public MigrationReport withClientGap(ClientGap gap) {
    return new MigrationReport(id, container, source, destination, strategy, strategyReason, dryRun, outcome, startedAt, totalMillis,
        phases, freeze, rounds, criuDump, criuRestore, transferPath, checks, notes, failure, placement, gap);
  }

  /** How a migration ended. */
  public enum Outcome {
    /** The container runs on the destination and the original is gone. */
    MIGRATED,
    /**
     * The container runs on the destination (the decision was made), but a step after the hand-over
     * failed: the report says what was left on the source and the command that removes it.
     */
    MIGRATED_WITH_LEFTOVERS,
    /** A dry run: checks and the chosen strategy only; nothing was touched. */
    CHECKED,
    /** Something failed; the container runs on the source, and the destination was cleaned. */
    ROLLED_BACK,
    /** Pre-flight checks blocked the migration before anything was touched. */
    BLOCKED,
    /** Something failed and the roll-back could not finish: the report says what needs a person. */
    NEEDS_ATTENTION
  }

  /**
   * Where the container was found after the outcome was decided, by asking each host ({@code runc
   * state}): its state word per host ("running", "paused", "absent", or "unknown" when the host did not
   * answer), the hosts it runs on, and when this was checked.
   */
  public record Placement(java.util.Map<String, String> stateByHost, List<String> runningOn, String checkedAt) {
    public boolean exactlyOne() {
      return runningOn.size() == 1;
    }

    public String describe() {
      return stateByHost.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("not checked");
    }
  }

  /** One pre-copy round (or the final dump): pages CRIU wrote and skipped as unchanged. */
  public record Round(int number, long pagesWritten, long pagesSkipped, long millis) {}

  /** What went wrong, for a person: the failed phase, what happened, what to do, and CRIU's words. */
  public record Failure(Phase phase, String summary, String advice, String logExcerpt) {}

  public long bytesMoved() {
    return phases.stream().mapToLong(PhaseTiming::bytes).sum();
  }
}
