package dev.ferry.app.hosts;

import javafx.beans.value.ChangeListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A fixed-size sparkline of a {@link SparkSeries}: one canvas redraw per new point, no nodes added
 * and no layout, so hundreds of them stay cheap. Scales to {@code fixedMax}, or to the largest point.
 */
public final class Sparkline extends Canvas {
  private static final Color LINE = Color.web("#2f81f7");
  private static final Color FILL = Color.web("#2f81f7", 0.18);

  private final double fixedMax;
  private final ChangeListener<Number> onNewPoint = (o, a, b) -> redraw();
  private SparkSeries series;

  public Sparkline(SparkSeries series, double fixedMax, double width, double height) {
    this(fixedMax, width, height);
    show(series);
  }

  /** A sparkline that shows nothing until {@link #show} gives it a series (a reused list cell's). */
  public Sparkline(double fixedMax, double width, double height) {
    super(width, height);
    this.fixedMax = fixedMax;
    getStyleClass().add("sparkline");
  }

  /** Draws {@code next} (null: nothing) from now on, and no longer listens to the series shown before. */
  public void show(SparkSeries next) {
    if (series != null) {
      series.version().removeListener(onNewPoint);
    }
    series = next;
    if (next != null) {
      next.version().addListener(onNewPoint);
    }
    redraw();
  }

  private void redraw() {
    GraphicsContext g = getGraphicsContext2D();
    double w = getWidth();
    double h = getHeight();
    g.clearRect(0, 0, w, h);
    int n = series == null ? 0 : series.size();
    if (n < 2) {
      return;
    }
    double max = fixedMax > 0 ? fixedMax : Math.max(series.max(), 1);
    double step = w / (series.capacity() - 1);
    double x0 = w - (n - 1) * step;
    double[] xs = new double[n + 2];
    double[] ys = new double[n + 2];
    for (int i = 0; i < n; i++) {
      xs[i] = x0 + i * step;
      ys[i] = h - 1 - Math.min(1, series.get(i) / max) * (h - 2);
    }
    xs[n] = xs[n - 1];
    ys[n] = h;
    xs[n + 1] = x0;
    ys[n + 1] = h;
    g.setFill(FILL);
    g.fillPolygon(xs, ys, n + 2);
    g.setStroke(LINE);
    g.setLineWidth(1.2);
    g.strokePolyline(xs, ys, n);
  }
}
