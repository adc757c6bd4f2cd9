package dev.ferry.app.migration;

import dev.ferry.engine.migration.MigrationReport;
import java.util.Locale;

/**
 * A migration's end in plain words: the one-line notification, and on failure what happened and where
 * the container runs now. The switches are exhaustive over the engine's outcomes, so a new outcome
 * does not compile until it has words.
 */
final class OutcomeWords {
  private OutcomeWords() {}

  /** "moved in 2.4 s, frozen 512 ms", or what stopped it. */
  static String headline(MigrationReport r) {
    return switch (r.outcome()) {
      case MIGRATED -> "moved in " + seconds(r.totalMillis()) + ", frozen " + r.freeze().totalFrozenMillis() + " ms" + unreachable(r);
      case MIGRATED_WITH_LEFTOVERS -> "moved in " + seconds(r.totalMillis()) + ", frozen " + r.freeze().totalFrozenMillis()
          + " ms, with leftovers on " + r.source();
      case CHECKED -> "checked only (dry run): nothing moved";
      case BLOCKED -> r.container() + " did not move: the pre-flight checks block it";
      case ROLLED_BACK -> r.container() + " did not move: the migration failed and was rolled back";
      case NEEDS_ATTENTION -> r.container() + " needs attention: the migration failed and rolling back did not finish";
    };
  }

  /**
   * Where the container is running now: what the engine found when it asked both hosts after the
   * migration, when the report carries that check; otherwise what the outcome implies.
   */
  static String whereNow(MigrationReport r) {
    MigrationReport.Placement p = r.placement();
    if (p != null && !p.stateByHost().isEmpty()) {
      String checked = " (both hosts asked afterwards: " + p.describe() + ")";
      if (p.exactlyOne()) {
        return r.container() + " runs on " + p.runningOn().get(0) + checked + ".";
      }
      return p.runningOn().isEmpty() ? r.container() + " runs on neither host" + checked + "; see what to do."
          : r.container() + " runs on " + String.join(" and ", p.runningOn()) + checked + "; see what to do.";
    }
    return impliedWhereNow(r);
  }

  private static String impliedWhereNow(MigrationReport r) {
    return switch (r.outcome()) {
      case MIGRATED -> r.container() + " runs on " + r.destination() + "; the original on " + r.source() + " is gone.";
      case MIGRATED_WITH_LEFTOVERS -> r.container() + " runs on " + r.destination() + "; something of it was left on " + r.source()
          + " (see what to do).";
      case CHECKED, BLOCKED -> "Nothing was changed: " + r.container() + " keeps running on " + r.source() + ".";
      case ROLLED_BACK -> r.container() + " is running on " + r.source() + ", as before; " + r.destination() + " was cleaned up.";
      case NEEDS_ATTENTION -> "Ferry cannot tell for sure where " + r.container() + " runs now: look at " + r.source() + " and " + r.destination()
          + " (see what to do).";
    };
  }

  /** What happened, where it runs now and what to do, for the sheet; empty for a clean move. */
  static String explanation(MigrationReport r) {
    if (r.failure() == null) {
      return r.outcome() == MigrationReport.Outcome.MIGRATED ? "" : whereNow(r);
    }
    return r.failure().summary() + "\n\n" + whereNow(r) + "\n\nWhat to do: " + r.failure().advice();
  }

  static boolean moved(MigrationReport r) {
    return r.outcome() == MigrationReport.Outcome.MIGRATED || r.outcome() == MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS;
  }

  /** The time clients waited beyond the processes' freeze, while the destination's copy was held. */
  private static String unreachable(MigrationReport r) {
    long extra = r.freeze().unreachableMillis() - r.freeze().totalFrozenMillis();
    return extra > 0 ? " (unreachable " + r.freeze().unreachableMillis() + " ms)" : "";
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** Bytes as people read them, in binary units. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    return kib < 1024 ? String.format(Locale.ROOT, "%.1f KiB", kib) : String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
  }
}
