package dev.ferry.engine.util;

import java.util.List;
import java.util.function.Function;

/**
 * Tables as CSV for spreadsheets (RFC 4180): a header line of column names, then one line per row; a cell is
 * quoted when it holds a comma, a quote or a line break, and lines end with CRLF as the RFC asks. An absent
 * value (null) is an empty cell.
 */
public final class Csv {
  private Csv() {}

  /** A column: its name in the header, and its cell for a row (null for empty). */
  public record Column<T>(String name, Function<T, ?> value) {}

  public static <T> String of(List<Column<T>> columns, List<T> rows) {
    StringBuilder b = new StringBuilder();
    line(b, columns.stream().map(Column::name).toList());
    for (T r : rows) {
      line(b, columns.stream().map(c -> {
        Object v = c.value().apply(r);
        return v == null ? "" : v.toString();
      }).toList());
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

  public static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
