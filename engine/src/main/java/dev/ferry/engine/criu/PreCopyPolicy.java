package dev.ferry.engine.criu;

import java.util.List;
import java.util.Locale;

/**
 * When to stop the iterative pre-copy rounds and freeze the container for its final dump. Each
 * round copies the memory changed since the previous one while the container runs; the final dump
 * then only has to copy what changed during the last round, which keeps the freeze short.
 *
 * <p>Ferry stops at the first of these, checked in this order after every round:
 * <ol>
 *   <li>the round wrote at most {@value #PHAUL_MIN_PAGES_WRITTEN} pages: memory has converged
 *       (P.Haul). This also ends pre-copy after round 1 for tiny containers (38 pages here).
 *   <li>the round wrote more than {@value #PHAUL_MAX_GROWTH_PERCENT}% more pages than the one
 *       before (P.Haul): memory changes faster than it is copied, more rounds only cost time.
 *   <li>at least {@value #LXD_SKIPPED_GOAL_PERCENT}% of the pages were skipped as unchanged (LXD):
 *       most memory is already at the destination. P.Haul alone misses this case: a workload that
 *       rewrites memory at a steady rate makes every round about the same size, neither tiny nor
 *       growing, and P.Haul would run all its rounds for no shorter freeze (field notes section 9:
 *       51,878 then 9,755 pages, and the final dump still 8,732).
 *   <li>{@value #PHAUL_MAX_ROUNDS} rounds are done: P.Haul's limit, tighter than LXD's
 *       {@value #LXD_MAX_ROUNDS}; a workload that neither converges nor plateaus by then will not.
 * </ol>
 * Known weakness, shared with LXD: the 70% rule is relative, so a large container with a moderate
 * change rate may stop while another round would still have shrunk the final dump. A rule based on
 * the measured change rate and round time would fix that once the engine times its rounds.
 */
public final class PreCopyPolicy {

  /** P.Haul phaul/iters.py, iter_consts.MIN_ITER_PAGES_COUNT: stop when a round wrote this few. */
  public static final long PHAUL_MIN_PAGES_WRITTEN = 64;
  /** P.Haul phaul/iters.py, iter_consts.MAX_ITER_GROW_RATE: stop when a round grew by more (percent). */
  public static final int PHAUL_MAX_GROWTH_PERCENT = 10;
  /**
   * P.Haul phaul/iters.py, iter_consts.MAX_ITERS_COUNT. (P.Haul compares it with a 0-based index,
   * so it actually allows 9 pre-dumps; Ferry counts rounds from 1 and stops after the 8th.)
   */
  public static final int PHAUL_MAX_ROUNDS = 8;
  /**
   * LXD's default for migration.incremental.memory.goal (percent of pages skipped as unchanged).
   * LXD's documentation says "equal to or greater", its code tests "greater than"; Ferry follows the
   * documentation.
   */
  public static final int LXD_SKIPPED_GOAL_PERCENT = 70;
  /** LXD's default for migration.incremental.memory.iterations. */
  public static final int LXD_MAX_ROUNDS = 10;

  private final long minPagesWritten;
  private final int maxGrowthPercent;
  private final int skippedGoalPercent;
  private final int maxRounds;

  public PreCopyPolicy(long minPagesWritten, int maxGrowthPercent, int skippedGoalPercent, int maxRounds) {
    if (minPagesWritten < 0 || maxGrowthPercent < 0 || skippedGoalPercent < 0 || skippedGoalPercent > 100
        || maxRounds < 1) {
      throw new IllegalArgumentException("pre-copy limits out of range: min pages " + minPagesWritten
          + ", max growth " + maxGrowthPercent + "%, skipped goal " + skippedGoalPercent + "%, max rounds "
          + maxRounds);
    }
    this.minPagesWritten = minPagesWritten;
    this.maxGrowthPercent = maxGrowthPercent;
    this.skippedGoalPercent = skippedGoalPercent;
    this.maxRounds = maxRounds;
  }

  /** Ferry's choice, explained in the class comment. */
  public static PreCopyPolicy ferryDefault() {
    return new PreCopyPolicy(PHAUL_MIN_PAGES_WRITTEN, PHAUL_MAX_GROWTH_PERCENT, LXD_SKIPPED_GOAL_PERCENT,
        PHAUL_MAX_ROUNDS);
  }

  /**
   * Decides after the last of {@code rounds}, the statistics of every pre-copy round so far in
   * order (round 1 first).
   */
  public PreCopyDecision afterRound(List<DumpStats> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no pre-copy round to decide on");
    }
    int round = rounds.size();
    DumpStats now = rounds.get(round - 1);
    long written = now.pagesWritten();
    if (written <= minPagesWritten) {
      return PreCopyDecision.stop(String.format(Locale.ROOT,
          "round %d wrote %,d pages (<= %,d): memory has converged", round, written, minPagesWritten));
    }
    if (round > 1) {
      long before = rounds.get(round - 2).pagesWritten();
      // Integer arithmetic so that exactly 10% growth does not stop because of rounding.
      if (before > 0 && (written - before) * 100 > (long) maxGrowthPercent * before) {
        return PreCopyDecision.stop(String.format(Locale.ROOT,
            "round %d wrote %,d pages, %d%% more than round %d's %,d (> %d%%): memory changes faster than"
                + " it can be copied, more rounds would not shorten the freeze",
            round, written, (written - before) * 100 / before, round - 1, before, maxGrowthPercent));
      }
    }
    long skipped = now.pagesSkippedParent();
    long considered = written + skipped;
    if (skipped * 100 >= (long) skippedGoalPercent * considered) {
      return PreCopyDecision.stop(String.format(Locale.ROOT,
          "round %d found %d%% of memory unchanged (>= %d%%; wrote %,d pages, skipped %,d): most memory is"
              + " already at the destination",
          round, skipped * 100 / considered, skippedGoalPercent, written, skipped));
    }
    if (round >= maxRounds) {
      return PreCopyDecision.stop(String.format(Locale.ROOT,
          "round %d wrote %,d pages and was the last allowed (%d rounds): freezing with what is left",
          round, written, maxRounds));
    }
    return PreCopyDecision.proceed(String.format(Locale.ROOT,
        "round %d wrote %,d pages, %d%% of memory unchanged (< %d%%): another round should shrink the"
            + " final dump",
        round, written, skipped * 100 / considered, skippedGoalPercent));
  }
}
