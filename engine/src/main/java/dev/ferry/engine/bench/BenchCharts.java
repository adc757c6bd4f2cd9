package dev.ferry.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's two charts, as SVG (plain text, no drawing library): the felt freeze against memory size, one
 * line per method (the memory workloads touched after resume at 1,000 pages/s), and one workload's phases per
 * method as stacked bars.
 */
final class BenchCharts {
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
      "#bcbd22", "#17becf", "#393b79"};
  private static final int W = 720;
  private static final int H = 400;
  private static final int LEFT = 90;
  private static final int TOP = 30;
  private static final int PLOT_W = 430;
  private static final int PLOT_H = 300;

  private BenchCharts() {}

  /** The size line's workloads that were run, smallest first: {@code mem<N>-all-1000}. */
  static List<String> sizeWorkloads(FreezeSummary s) {
    return s.workloads().stream().filter(w -> w.matches("mem\\d+-all-1000"))
        .sorted((a, b) -> Integer.compare(BenchWorkload.parse(a).mib(), BenchWorkload.parse(b).mib())).toList();
  }

  static Optional<String> sizeChart(FreezeSummary s) {
    List<String> ws = sizeWorkloads(s);
    if (ws.size() < 2) {
      return Optional.empty();
    }
    double max = s.rows().stream().filter(r -> ws.contains(r.workload()) && r.feltMedianMs() != null).mapToLong(FreezeSummary.Row::feltMedianMs)
        .max().orElse(1);
    StringBuilder g = header("The freeze as the workload felt it against memory size (median ms; all memory touched after resume, 1,000 pages/s)");
    axes(g, max);
    for (int i = 0; i < ws.size(); i++) {
      int x = LEFT + (ws.size() == 1 ? 0 : i * PLOT_W / (ws.size() - 1));
      g.append(text(x, TOP + PLOT_H + 18, "middle", BenchWorkload.parse(ws.get(i)).mib() + " MiB"));
    }
    int legend = 0;
    for (BenchMethod m : BenchMethod.values()) {
      List<String> points = new ArrayList<>();
      for (int i = 0; i < ws.size(); i++) {
        Optional<Long> v = s.row(ws.get(i), m).map(FreezeSummary.Row::feltMedianMs);
        if (v.isPresent() && v.get() != null) {
          int x = LEFT + i * PLOT_W / (ws.size() - 1);
          int y = TOP + PLOT_H - (int) Math.round(v.get() / max * PLOT_H);
          points.add(x + "," + y);
        }
      }
      if (points.isEmpty()) {
        continue;
      }
      String c = COLOURS[m.ordinal()];
      g.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", c, String.join(" ", points)));
      for (String p : points) {
        String[] xy = p.split(",");
        g.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n", xy[0], xy[1], c));
      }
      g.append(legendEntry(legend++, c, m.label()));
    }
    return Optional.of(g.append("</svg>\n").toString());
  }

  static Optional<String> phaseChart(FreezeSummary s, String workload) {
    List<FreezeSummary.Row> rows = s.rows().stream().filter(r -> r.workload().equals(workload) && r.ok() > 0).toList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> colours = new LinkedHashMap<>();
    double max = 1;
    for (FreezeSummary.Row r : rows) {
      Map<String, Long> p = BenchmarksDoc.frozenPhases(r);
      p.keySet().forEach(k -> colours.putIfAbsent(k, COLOURS[colours.size() % COLOURS.length]));
      max = Math.max(max, p.values().stream().mapToLong(Long::longValue).sum());
      if (r.feltMedianMs() != null) {
        max = Math.max(max, r.feltMedianMs());
      }
    }
    StringBuilder g = header(workload + ": the phases of each method (median ms); the black tick is the freeze the workload felt");
    int bar = PLOT_H / rows.size();
    for (int i = 0; i < rows.size(); i++) {
      FreezeSummary.Row r = rows.get(i);
      int y = TOP + i * bar + bar / 4;
      g.append(text(LEFT - 6, y + bar / 4 + 4, "end", r.method()));
      double x = LEFT;
      for (Map.Entry<String, Long> e : BenchmarksDoc.frozenPhases(r).entrySet()) {
        double w = e.getValue() / max * PLOT_W;
        g.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %d ms</title></rect>%n", x,
            y, w, bar / 2, colours.get(e.getKey()), e.getKey(), e.getValue()));
        x += w;
      }
      if (r.feltMedianMs() != null) {
        double fx = LEFT + r.feltMedianMs() / max * PLOT_W;
        g.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-width=\"3\"/>%n", fx, y - 4, fx,
            y + bar / 2 + 4));
      }
    }
    g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", LEFT, TOP + PLOT_H, LEFT + PLOT_W,
        TOP + PLOT_H));
    g.append(text(LEFT + PLOT_W, TOP + PLOT_H + 18, "end", Math.round(max) + " ms"));
    int legend = 0;
    for (Map.Entry<String, String> e : colours.entrySet()) {
      g.append(legendEntry(legend++, e.getValue(), e.getKey()));
    }
    return Optional.of(g.append("</svg>\n").toString());
  }

  /** Writes the charts beside the summary; returns the files written. */
  static List<Path> write(Path dir, FreezeSummary s, List<String> phaseWorkloads) throws IOException {
    List<Path> written = new ArrayList<>();
    Files.createDirectories(dir);
    Optional<String> size = sizeChart(s);
    if (size.isPresent()) {
      Path f = dir.resolve("freeze-by-size.svg");
      Files.writeString(f, size.get());
      written.add(f);
    }
    for (String w : phaseWorkloads) {
      Optional<String> c = phaseChart(s, w);
      if (c.isPresent()) {
        Path f = dir.resolve("freeze-phases-" + w + ".svg");
        Files.writeString(f, c.get());
        written.add(f);
      }
    }
    return written;
  }

  private static StringBuilder header(String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H)).append(text(10, 16, "start", title));
  }

  private static void axes(StringBuilder g, double max) {
    g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", LEFT, TOP, LEFT, TOP + PLOT_H));
    g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", LEFT, TOP + PLOT_H, LEFT + PLOT_W,
        TOP + PLOT_H));
    for (int i = 0; i <= 4; i++) {
      int y = TOP + PLOT_H - i * PLOT_H / 4;
      g.append(text(LEFT - 6, y + 4, "end", Math.round(max * i / 4) + " ms"));
      g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + PLOT_W, y));
    }
  }

  private static String legendEntry(int i, String colour, String label) {
    int x = LEFT + PLOT_W + 30;
    int y = TOP + 10 + i * 18;
    return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y - 10, colour) + text(x + 18, y, "start", label);
  }

  private static String text(int x, int y, String anchor, String s) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor,
        s.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
