package dev.ferry.app.hosts;

import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * The last few minutes of one figure, for a sparkline: a fixed-size ring of doubles, so a pane costs
 * the same after an hour as after a minute. Each added point bumps {@link #version()}, which is all a
 * sparkline listens to: one redraw of a fixed-size canvas per sample, no scene-graph change, no layout.
 */
public final class SparkSeries {
  private final double[] points;
  private int head;
  private int size;
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");

  public SparkSeries(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a sparkline needs at least 2 points, not " + capacity);
    }
    this.points = new double[capacity];
  }

  public void add(double value) {
    points[(head + size) % points.length] = value;
    if (size < points.length) {
      size++;
    } else {
      head = (head + 1) % points.length;
    }
    version.set(version.get() + 1);
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return points.length;
  }

  /** The i-th point, oldest first. */
  public double get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i + " of " + size);
    }
    return points[(head + i) % points.length];
  }

  public double max() {
    double m = 0;
    for (int i = 0; i < size; i++) {
      m = Math.max(m, get(i));
    }
    return m;
  }

  public double last() {
    return size == 0 ? 0 : get(size - 1);
  }

  public ReadOnlyLongProperty version() {
    return version.getReadOnlyProperty();
  }
}
