package dev.ferry.engine.migration;

import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.PreCopyDecision;
import dev.ferry.engine.criu.PreCopyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The iterative part of pre-copy (field notes §1, step 1): memory is dumped in rounds while the
 * container runs, each round writing only what changed since the one before (its parent), until
 * {@link PreCopyPolicy} says the rounds have converged. The rounds themselves are run by the caller,
 * so this loop is the same against a real host and in tests.
 */
final class PreCopyRounds {
  /** Runs pre-dump round {@code number} into {@code dir} (parent {@code parentDir}, or null for the first) and returns CRIU's stats. */
  interface Runner {
    DumpStats round(int number, String dir, String parentDir);
  }

  /** The rounds that ran, the folder of the last one (the final dump's parent), and why they stopped. */
  record Result(List<MigrationReport.Round> rounds, String lastDir, String stopReason) {}

  private PreCopyRounds() {}

  static String dirName(int round) {
    return "pre-" + round;
  }

  static Result run(PreCopyPolicy policy, Runner runner, LongSupplier clockMillis) {
    List<DumpStats> stats = new ArrayList<>();
    List<MigrationReport.Round> rounds = new ArrayList<>();
    for (int n = 1; ; n++) {
      long start = clockMillis.getAsLong();
      // Parents are relative, so the chain stays valid after it is copied to the destination.
      DumpStats s = runner.round(n, dirName(n), n == 1 ? null : "../" + dirName(n - 1));
      stats.add(s);
      rounds.add(new MigrationReport.Round(n, s.pagesWritten(), s.pagesSkippedParent(), clockMillis.getAsLong() - start));
      PreCopyDecision d = policy.afterRound(stats);
      if (d.shouldStop()) {
        return new Result(rounds, dirName(n), d.reason());
      }
    }
  }
}
