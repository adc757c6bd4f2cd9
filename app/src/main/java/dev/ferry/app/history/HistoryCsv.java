package dev.ferry.app.history;

import dev.ferry.engine.util.Csv;
import java.util.List;

/**
 * The history table as CSV ({@link Csv}), for spreadsheets: one line per migration, newest first as the table
 * shows them. Figures are plain numbers in milliseconds and bytes (no units, no thousands separators).
 */
public final class HistoryCsv {
  private static final List<Csv.Column<HistoryRow>> COLUMNS = List.of(
      new Csv.Column<>("time", HistoryRow::time),
      new Csv.Column<>("container", HistoryRow::container),
      new Csv.Column<>("from", HistoryRow::from),
      new Csv.Column<>("to", HistoryRow::to),
      new Csv.Column<>("strategy", HistoryRow::strategy),
      new Csv.Column<>("total_ms", HistoryRow::totalMillis),
      new Csv.Column<>("frozen_ms", r -> r.frozenMillis() > 0 ? r.frozenMillis() : null),
      new Csv.Column<>("client_gap_ms", r -> r.clientGapMillis() >= 0 ? r.clientGapMillis() : null),
      new Csv.Column<>("bytes", HistoryRow::bytes),
      new Csv.Column<>("outcome", HistoryRow::outcome),
      new Csv.Column<>("id", r -> r.report().id()));

  private HistoryCsv() {}

  public static String of(List<HistoryRow> rows) {
    return Csv.of(COLUMNS, rows);
  }
}
