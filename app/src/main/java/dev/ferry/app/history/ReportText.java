package dev.ferry.app.history;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.PhaseTiming;
import dev.ferry.engine.migration.PreflightCheck;
import java.util.Locale;

/** A saved migration report as text for the history's detail pane, in the order a person asks: what, how, how long, why. */
final class ReportText {
  private ReportText() {}

  static String of(MigrationReport r) {
    StringBuilder b = new StringBuilder();
    line(b, "%s: %s -> %s, %s (%s)", r.container(), r.source(), r.destination(), r.outcome(), r.dryRun() ? "dry run" : "live");
    line(b, "strategy %s: %s", r.strategy(), r.strategyReason());
    line(b, "started %s, total %d ms, %,d bytes moved%s", r.startedAt(), r.totalMillis(), r.bytesMoved(),
        r.transferPath() == null || r.transferPath().isBlank() ? "" : ", via " + r.transferPath());
    FreezeTimeBreakdown f = r.freeze();
    if (f != null && f.totalFrozenMillis() > 0) {
      line(b, "");
      line(b, "frozen %d ms (engine's phase clock): freeze + dump %d, copy after freeze %d, copy dump %d, restore + resume %d",
          f.totalFrozenMillis(), f.freezeAndDumpMillis(), f.copyAfterFreezeMillis(), f.copyDumpMillis(), f.restoreAndResumeMillis());
      if (f.unreachableMillis() > f.totalFrozenMillis()) {
        line(b, "unreachable %d ms: the destination took no traffic until the hand-over was recorded", f.unreachableMillis());
      }
    }
    if (!r.phases().isEmpty()) {
      line(b, "");
      line(b, "phases:");
      for (PhaseTiming t : r.phases()) {
        line(b, "  %-40s %6d ms%s", t.phase().label(), t.durationMillis(), t.bytes() > 0 ? String.format(Locale.ROOT, "  %,d bytes", t.bytes()) : "");
      }
    }
    for (MigrationReport.Round round : r.rounds()) {
      line(b, "  round %d: %,d pages written, %,d unchanged, %d ms", round.number(), round.pagesWritten(), round.pagesSkipped(), round.millis());
    }
    if (r.failure() != null) {
      line(b, "");
      line(b, "failed at %s: %s", r.failure().phase().label(), r.failure().summary());
      line(b, "what to do: %s", r.failure().advice());
    }
    if (!r.checks().isEmpty()) {
      line(b, "");
      line(b, "pre-flight:");
      for (PreflightCheck c : r.checks()) {
        line(b, "  %-4s %s: %s", c.status(), c.name(), c.reason());
      }
    }
    if (!r.notes().isEmpty()) {
      line(b, "");
      line(b, "notes:");
      r.notes().forEach(n -> line(b, "  %s", n));
    }
    if (r.failure() != null && !r.failure().logExcerpt().isBlank()) {
      line(b, "");
      line(b, "CRIU's log:");
      b.append(r.failure().logExcerpt().strip()).append('\n');
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }
}
