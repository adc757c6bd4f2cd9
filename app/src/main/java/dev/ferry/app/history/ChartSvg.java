package dev.ferry.app.history;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.Strategy;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The two freeze charts as SVG, drawn from the same points as the charts on screen (not from their
 * pixels), so slides get sharp lines at any size: the stacked bars of the frozen phases per migration,
 * and the frozen time per migration by strategy against vzmigrate's reference. Plain SVG 1.1, with the
 * title, axis labels and legend as text. Times in seconds of the engine's phase clock, as on screen.
 */
public final class ChartSvg {
  static final int WIDTH = 800;
  static final int HEIGHT = 450;
  private static final int LEFT = 70;
  private static final int RIGHT = 200;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final int TICKS = 5;

  /** One stacked part of a bar: name, colour, and which part of the breakdown it is. */
  private record Part(String name, String colour, ToLongFunction<FreezeTimeBreakdown> millis) {}

  private static final List<Part> PARTS = List.of(
      new Part("freeze + dump", "#2f81f7", FreezeTimeBreakdown::freezeAndDumpMillis),
      new Part("copy after freeze", "#d29922", FreezeTimeBreakdown::copyAfterFreezeMillis),
      new Part("copy dump", "#a371f7", FreezeTimeBreakdown::copyDumpMillis),
      new Part("restore + resume", "#3fb950", FreezeTimeBreakdown::restoreAndResumeMillis));

  private static final List<Strategy> STRATEGIES = List.of(Strategy.PRE_COPY, Strategy.POST_COPY, Strategy.STOP_AND_COPY);
  private static final List<String> STRATEGY_COLOURS = List.of("#2f81f7", "#d29922", "#3fb950");
  private static final String CLIENT_COLOUR = "#8250df";

  private ChartSvg() {}

  /** The stacked bars: one per migration in {@code points}, its frozen phases stacked, labelled "#n container". */
  public static String bars(String title, List<FrozenPoint> points) {
    double maxSeconds = Math.max(0.001, points.stream().mapToLong(p -> p.freeze().totalFrozenMillis()).max().orElse(0) / 1000.0);
    double top = niceTop(maxSeconds);
    StringBuilder b = open(title, "frozen (s)", top);
    double plotW = WIDTH - LEFT - RIGHT;
    double slot = points.isEmpty() ? plotW : plotW / points.size();
    double barW = slot * 0.6;
    for (int i = 0; i < points.size(); i++) {
      FrozenPoint p = points.get(i);
      double x = LEFT + i * slot + (slot - barW) / 2;
      double base = 0;
      for (Part part : PARTS) {
        double s = part.millis().applyAsLong(p.freeze()) / 1000.0;
        if (s > 0) {
          b.append(String.format(Locale.ROOT, "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.3f s</title></rect>%n",
              x, y(base + s, top), barW, y(base, top) - y(base + s, top), part.colour(), escape(p.label()), escape(part.name()), s));
        }
        base += s;
      }
      b.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
          x + barW / 2, HEIGHT - BOTTOM + 18, escape(p.label())));
    }
    for (int i = 0; i < PARTS.size(); i++) {
      legend(b, i, PARTS.get(i).name(), PARTS.get(i).colour(), false);
    }
    return close(b, "migration");
  }

  /**
   * The frozen time per migration, a point per migration coloured by strategy, what a watching client
   * saw as a diamond beside it, and the reference as a dashed line.
   */
  public static String history(String title, List<FrozenPoint> points, long referenceMillis, String referenceLabel, String clientLabel) {
    double maxSeconds = Math.max(referenceMillis, points.stream().mapToLong(p -> Math.max(p.freeze().totalFrozenMillis(), p.clientGapMillis()))
        .max().orElse(0)) / 1000.0;
    double top = niceTop(maxSeconds);
    StringBuilder b = open(title, "frozen (s)", top);
    int last = Math.max(2, points.size());
    double ref = y(referenceMillis / 1000.0, top);
    b.append(String.format(Locale.ROOT, "  <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cf222e\" stroke-width=\"2\" stroke-dasharray=\"8 6\"/>%n",
        x(1, last), ref, x(last, last), ref));
    for (FrozenPoint p : points) {
      int s = STRATEGIES.indexOf(p.strategy());
      b.append(String.format(Locale.ROOT, "  <circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\"><title>%s, %s: %.3f s</title></circle>%n",
          x(p.number(), last), y(p.freeze().totalFrozenMillis() / 1000.0, top), STRATEGY_COLOURS.get(Math.max(0, s)), escape(p.label()),
          escape(p.strategy().label()), p.freeze().totalFrozenMillis() / 1000.0));
    }
    for (FrozenPoint p : points) {
      if (p.clientGapMillis() >= 0) {
        double cx = x(p.number(), last);
        double cy = y(p.clientGapMillis() / 1000.0, top);
        b.append(String.format(Locale.ROOT, "  <path d=\"M %.1f %.1f l 6 -6 l 6 6 l -6 6 z\" fill=\"%s\"><title>%s, a client saw %d ms</title></path>%n",
            cx - 6, cy, CLIENT_COLOUR, escape(p.label()), p.clientGapMillis()));
      }
    }
    for (int n = 1; n <= last; n++) {
      b.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%d</text>%n", x(n, last),
          HEIGHT - BOTTOM + 18, n));
    }
    for (int i = 0; i < STRATEGIES.size(); i++) {
      legend(b, i, STRATEGIES.get(i).label(), STRATEGY_COLOURS.get(i), true);
    }
    legend(b, STRATEGIES.size(), referenceLabel, "#cf222e", false);
    if (points.stream().anyMatch(p -> p.clientGapMillis() >= 0)) {
      legend(b, STRATEGIES.size() + 1, clientLabel, CLIENT_COLOUR, false);
    }
    return close(b, "migration");
  }

  private static StringBuilder open(String title, String yLabel, double top) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    b.append(String.format(Locale.ROOT, "  <title>%s</title>%n", escape(title)));
    b.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\">%s</text>%n",
        (WIDTH - RIGHT + LEFT) / 2, escape(title)));
    for (int i = 0; i <= TICKS; i++) {
      double v = top * i / TICKS;
      double y = y(v, top);
      b.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d7de\"/>%n", LEFT, y, WIDTH - RIGHT, y));
      b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">%s</text>%n", LEFT - 6, y + 4,
          tick(v)));
    }
    b.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
    b.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, HEIGHT - BOTTOM,
        WIDTH - RIGHT, HEIGHT - BOTTOM));
    b.append(String.format(Locale.ROOT, "  <text x=\"18\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>%n",
        (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));
    return b;
  }

  private static String close(StringBuilder b, String xLabel) {
    b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s</text>%n",
        (WIDTH - RIGHT + LEFT) / 2, HEIGHT - 20, escape(xLabel)));
    return b.append("</svg>\n").toString();
  }

  private static void legend(StringBuilder b, int row, String name, String colour, boolean dot) {
    int y = TOP + 10 + row * 22;
    int x = WIDTH - RIGHT + 16;
    if (dot) {
      b.append(String.format(Locale.ROOT, "  <circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"%s\"/>%n", x + 6, y - 4, colour));
    } else {
      b.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y - 10, colour));
    }
    b.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", x + 18, y, escape(name)));
  }

  /** The axis top: the smallest of 1, 2 or 5 times a power of ten at or above the largest value (at least 0.1 s). */
  static double niceTop(double max) {
    double m = Math.max(max, 0.1);
    double p = Math.pow(10, Math.floor(Math.log10(m)));
    for (double f : new double[] {1, 2, 5, 10}) {
      if (f * p >= m - 1e-9) {
        return f * p;
      }
    }
    return 10 * p;
  }

  private static String tick(double v) {
    return String.format(Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
  }

  private static double y(double seconds, double top) {
    return HEIGHT - BOTTOM - seconds / top * (HEIGHT - TOP - BOTTOM);
  }

  private static double x(int n, int last) {
    return LEFT + 20 + (n - 1) * (double) (WIDTH - LEFT - RIGHT - 40) / Math.max(1, last - 1);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
