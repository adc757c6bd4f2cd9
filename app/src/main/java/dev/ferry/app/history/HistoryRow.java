package dev.ferry.app.history;

import dev.ferry.engine.migration.MigrationReport;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One migration as the history table shows it, with the report it came from; {@code clientGapMillis}
 * is the longest gap a watching client saw, {@link FrozenPoint#NOT_WATCHED} when none watched.
 */
public record HistoryRow(String time, String container, String from, String to, String strategy, long totalMillis, long frozenMillis,
    long clientGapMillis, long bytes, String outcome, MigrationReport report) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  static HistoryRow of(MigrationReport r, ZoneId zone) {
    return new HistoryRow(TIME.format(r.startedAt().atZone(zone)), r.container(), r.source(), r.destination(),
        r.dryRun() ? r.strategy().label() + " (dry run)" : r.strategy().label(), r.totalMillis(),
        r.freeze() == null ? 0 : r.freeze().totalFrozenMillis(), clientGap(r), r.bytesMoved(), r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '), r);
  }

  static long clientGap(MigrationReport r) {
    return r.clientGap() != null && r.clientGap().measured() ? r.clientGap().longestGapMillis() : FrozenPoint.NOT_WATCHED;
  }
}
