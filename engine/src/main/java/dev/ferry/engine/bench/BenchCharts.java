package dev.ferry.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's two charts (each written as SVG and PNG, {@link Chart}): the felt freeze against memory size, one
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

  static Optional<Chart> sizeChart(FreezeSummary s) {
    List<String> ws = sizeWorkloads(s);
    if (ws.size() < 2) {
      return Optional.empty();
    }
    double max = s.rows().stream().filter(r -> ws.contains(r.workload()) && r.feltMedianMs() != null).mapToLong(FreezeSummary.Row::feltMedianMs)
        .max().orElse(1);
    Chart g = header("The freeze as the workload felt it against memory size (median ms; all memory touched after resume, 1,000 pages/s)");
    axes(g, max);
    for (int i = 0; i < ws.size(); i++) {
      g.text(x(i, ws.size()), TOP + PLOT_H + 18, Chart.Anchor.MIDDLE, BenchWorkload.parse(ws.get(i)).mib() + " MiB");
    }
    int legend = 0;
    for (BenchMethod m : BenchMethod.values()) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < ws.size(); i++) {
        Optional<Long> v = s.row(ws.get(i), m).map(FreezeSummary.Row::feltMedianMs);
        if (v.isPresent() && v.get() != null) {
          points.add(new double[] {x(i, ws.size()), TOP + PLOT_H - Math.round(v.get() / max * PLOT_H)});
        }
      }
      if (points.isEmpty()) {
        continue;
      }
      String c = COLOURS[m.ordinal()];
      g.polyline(points, c, 2);
      points.forEach(p -> g.dot(p[0], p[1], 3, c));
      legendEntry(g, legend++, c, m.label());
    }
    return Optional.of(g);
  }

  private static int x(int i, int of) {
    return LEFT + i * PLOT_W / (of - 1);
  }

  static Optional<Chart> phaseChart(FreezeSummary s, String workload) {
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
    Chart g = header(workload + ": the phases of each method (median ms); the black tick is the freeze the workload felt");
    int bar = PLOT_H / rows.size();
    for (int i = 0; i < rows.size(); i++) {
      FreezeSummary.Row r = rows.get(i);
      int y = TOP + i * bar + bar / 4;
      g.text(LEFT - 6, y + bar / 4 + 4, Chart.Anchor.END, r.method());
      double x = LEFT;
      for (Map.Entry<String, Long> e : BenchmarksDoc.frozenPhases(r).entrySet()) {
        double w = e.getValue() / max * PLOT_W;
        g.box(x, y, w, bar / 2, colours.get(e.getKey()), e.getKey() + " " + e.getValue() + " ms");
        x += w;
      }
      if (r.feltMedianMs() != null) {
        double fx = LEFT + r.feltMedianMs() / max * PLOT_W;
        g.line(fx, y - 4, fx, y + bar / 2 + 4, "#000000", 3);
      }
    }
    g.line(LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, "#444444", 1);
    g.text(LEFT + PLOT_W, TOP + PLOT_H + 18, Chart.Anchor.END, Math.round(max) + " ms");
    int legend = 0;
    for (Map.Entry<String, String> e : colours.entrySet()) {
      legendEntry(g, legend++, e.getValue(), e.getKey());
    }
    return Optional.of(g);
  }

  /** The charts there are for these runs, by file name without extension. */
  static Map<String, Chart> charts(FreezeSummary s, List<String> phaseWorkloads) {
    Map<String, Chart> charts = new LinkedHashMap<>();
    sizeChart(s).ifPresent(c -> charts.put("freeze-by-size", c));
    for (String w : phaseWorkloads) {
      phaseChart(s, w).ifPresent(c -> charts.put("freeze-phases-" + w, c));
    }
    return charts;
  }

  static List<String> names(FreezeSummary s, List<String> phaseWorkloads) {
    return List.copyOf(charts(s, phaseWorkloads).keySet());
  }

  /** Writes the charts into dir, each as SVG and as PNG (twice the size, for slides); returns the PNG files. */
  static List<Path> write(Path dir, FreezeSummary s, List<String> phaseWorkloads) throws IOException {
    Map<String, Chart> charts = charts(s, phaseWorkloads);
    List<Path> pngs = new ArrayList<>();
    Files.createDirectories(dir);
    for (Map.Entry<String, Chart> e : charts.entrySet()) {
      Files.writeString(dir.resolve(e.getKey() + ".svg"), e.getValue().svg());
      Path png = dir.resolve(e.getKey() + ".png");
      Files.write(png, e.getValue().png(2));
      pngs.add(png);
    }
    return pngs;
  }

  private static Chart header(String title) {
    return new Chart(W, H).text(10, 16, Chart.Anchor.START, title);
  }

  private static void axes(Chart g, double max) {
    g.line(LEFT, TOP, LEFT, TOP + PLOT_H, "#444444", 1);
    g.line(LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, "#444444", 1);
    for (int i = 0; i <= 4; i++) {
      int y = TOP + PLOT_H - i * PLOT_H / 4;
      g.text(LEFT - 6, y + 4, Chart.Anchor.END, Math.round(max * i / 4) + " ms");
      g.line(LEFT, y, LEFT + PLOT_W, y, "#dddddd", 1);
    }
  }

  private static void legendEntry(Chart g, int i, String colour, String label) {
    int x = LEFT + PLOT_W + 30;
    int y = TOP + 10 + i * 18;
    g.box(x, y - 10, 12, 12, colour, "").text(x + 18, y, Chart.Anchor.START, label);
  }
}
