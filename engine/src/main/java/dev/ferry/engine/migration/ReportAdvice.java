package dev.ferry.engine.migration;

import java.util.List;

/**
 * The one place that words where the container is and what to do, from the outcome and the placement
 * that was checked on both hosts, so the advice never contradicts itself or the facts. A placement
 * that contradicts the outcome turns it into {@link MigrationReport.Outcome#NEEDS_ATTENTION}.
 */
final class ReportAdvice {
  private ReportAdvice() {}

  /** The outcome after checking where the container runs. */
  static MigrationReport.Outcome checked(MigrationReport.Outcome expected, MigrationReport.Placement p, String source, String destination) {
    List<String> on = p.runningOn();
    return switch (expected) {
      case MIGRATED, MIGRATED_WITH_LEFTOVERS -> on.equals(List.of(destination)) ? expected : MigrationReport.Outcome.NEEDS_ATTENTION;
      case ROLLED_BACK -> on.equals(List.of(source)) && RuncState.ABSENT.equals(p.stateByHost().get(destination))
          ? expected : MigrationReport.Outcome.NEEDS_ATTENTION;
      default -> expected;
    };
  }

  /** Where the container is, in words, from what was checked. */
  static String where(String ct, MigrationReport.Placement p, String source, String destination) {
    if (p.runningOn().isEmpty()) {
      return ct + " was not found running on either host (" + p.describe() + ").";
    }
    if (!p.exactlyOne()) {
      return ct + " was found running on " + String.join(" and ", p.runningOn()) + " (" + p.describe() + ").";
    }
    String on = p.runningOn().get(0);
    return on.equals(source) ? ct + " was brought back on " + source + " and runs there (" + p.describe() + ")."
        : ct + " runs on " + destination + " (" + p.describe() + ").";
  }

  /** The advice for a failed migration: where it is, then what to do. */
  static String advice(MigrationReport.Outcome outcome, String ct, MigrationReport.Placement p, String source, String destination,
      String stepAdvice, List<String> undoFailures, String leftovers) {
    String where = where(ct, p, source, destination);
    return switch (outcome) {
      case ROLLED_BACK -> where + (stepAdvice.isBlank() ? "" : " " + stepAdvice);
      case MIGRATED_WITH_LEFTOVERS -> where + " Left on " + source + ": " + leftovers + ".";
      case NEEDS_ATTENTION -> where + (undoFailures.isEmpty() ? "" : " These undo steps failed: " + String.join("; ", undoFailures) + ".")
          + " The source's watchdog acts on the decision within " + Lease.TIMEOUT.toSeconds() + " s; then run './ferry recover "
          + source + " " + destination + "' and check again." + (stepAdvice.isBlank() ? "" : " " + stepAdvice);
      default -> stepAdvice;
    };
  }
}
