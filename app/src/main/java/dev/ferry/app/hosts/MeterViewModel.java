package dev.ferry.app.hosts;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One live meter of a pane (CPU, memory, disk, network): its name, what it reads now, and its recent past. */
public final class MeterViewModel {
  /** Three minutes at the engine's one sample a second: "the last minutes", in 180 points. */
  public static final int POINTS = 180;

  private final String name;
  private final ReadOnlyStringWrapper reading = new ReadOnlyStringWrapper(this, "reading", "–");
  private final SparkSeries series = new SparkSeries(POINTS);
  private final double fixedMax;

  /** {@code fixedMax} is the sparkline's top (100 for percentages), or 0 to scale to the largest point. */
  public MeterViewModel(String name, double fixedMax) {
    this.name = name;
    this.fixedMax = fixedMax;
  }

  public String name() {
    return name;
  }

  public ReadOnlyStringProperty reading() {
    return reading.getReadOnlyProperty();
  }

  public SparkSeries series() {
    return series;
  }

  public double fixedMax() {
    return fixedMax;
  }

  void update(double value, String text) {
    series.add(value);
    if (!text.equals(reading.get())) {
      reading.set(text);
    }
  }

  void unknown(String text) {
    reading.set(text);
  }
}
