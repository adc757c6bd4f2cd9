package dev.ferry.app.history;

import java.util.List;
import java.util.function.Function;

/**
 * The history table as CSV, for spreadsheets: one header line, then one line per migration, newest
 * first as the table shows them. Figures are plain numbers in milliseconds and bytes (no units, no
 * thousands separators), text is quoted when it holds a comma, a quote or a line break (RFC 4180),
 * and lines end with CRLF as that RFC asks.
 */
public final class HistoryCsv {
  private record Column(String title, Function<HistoryRow, String> value) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("time", HistoryRow::time),
      new Column("container", HistoryRow::container),
      new Column("from", HistoryRow::from),
      new Column("to", HistoryRow::to),
      new Column("strategy", HistoryRow::strategy),
      new Column("total_ms", r -> Long.toString(r.totalMillis())),
      new Column("frozen_ms", r -> r.frozenMillis() > 0 ? Long.toString(r.frozenMillis()) : ""),
      new Column("client_gap_ms", r -> r.clientGapMillis() >= 0 ? Long.toString(r.clientGapMillis()) : ""),
      new Column("bytes", r -> Long.toString(r.bytes())),
      new Column("outcome", HistoryRow::outcome),
      new Column("id", r -> r.report().id()));

  private HistoryCsv() {}

  public static String of(List<HistoryRow> rows) {
    StringBuilder b = new StringBuilder();
    line(b, COLUMNS.stream().map(Column::title).toList());
    for (HistoryRow r : rows) {
      line(b, COLUMNS.stream().map(c -> c.value().apply(r)).toList());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(quote(cells.get(i)));
    }
    b.append("\r\n");
  }

  static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
