package dev.ferry.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;

/**
 * Measures the FX thread's pulses: an AnimationTimer asks for a pulse on every frame (about 60 a
 * second), so the time from one pulse to the next is how long the window could not paint. A gap
 * longer than a frame means the FX thread was busy (event handlers, CSS, layout, rendering, GC). The
 * layout part of each pulse is timed apart through the scene's pre- and post-layout pulse listeners.
 * Create, start, restart and stop it on the FX thread.
 */
final class PulseMeter {
  /** A gap and when it ended, in seconds since the meter started. */
  record Gap(double atSeconds, double millis, double fxCpuMillis) {}

  private final long[] gaps = new long[100_000];
  private final long[] layouts = new long[100_000];
  /** FX thread CPU time spent within each gap: what the app itself costs, apart from waiting for a CPU. */
  private final long[] gapCpu = new long[100_000];
  private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
  private long lastCpu;
  private final List<Gap> longGaps = new ArrayList<>();
  private final double longGapMillis;
  private final Scene scene;
  private int gapCount;
  private int layoutCount;
  private long last;
  private long started;
  private long layoutStart;
  private final Runnable pre = () -> layoutStart = System.nanoTime();
  private final Runnable post = this::layoutDone;
  private final AnimationTimer timer = new AnimationTimer() {
    @Override
    public void handle(long now) {
      long t = System.nanoTime();
      long cpu = mx.getCurrentThreadCpuTime();
      if (last != 0 && gapCount < gaps.length) {
        long gap = t - last;
        gapCpu[gapCount] = cpu - lastCpu;
        gaps[gapCount++] = gap;
        if (gap / 1e6 > longGapMillis) {
          longGaps.add(new Gap((t - started) / 1e9, gap / 1e6, (cpu - lastCpu) / 1e6));
        }
      }
      last = t;
      lastCpu = cpu;
    }
  };

  PulseMeter(Scene scene, double longGapMillis) {
    this.scene = scene;
    this.longGapMillis = longGapMillis;
  }

  void start() {
    started = System.nanoTime();
    scene.addPreLayoutPulseListener(pre);
    scene.addPostLayoutPulseListener(post);
    timer.start();
  }

  /**
   * Forgets what was measured so far and counts from now. The meter runs through the benchmark's
   * settle time so that its own start (the first seconds of pulsing on every frame) is not counted.
   */
  void restart() {
    started = System.nanoTime();
    gapCount = 0;
    layoutCount = 0;
    longGaps.clear();
  }

  void stop() {
    timer.stop();
    scene.removePreLayoutPulseListener(pre);
    scene.removePostLayoutPulseListener(post);
  }

  private void layoutDone() {
    if (layoutStart != 0 && layoutCount < layouts.length) {
      layouts[layoutCount++] = System.nanoTime() - layoutStart;
    }
  }

  int pulses() {
    return gapCount;
  }

  double[] gapMillis() {
    return millis(gaps, gapCount);
  }

  double[] gapCpuMillis() {
    return millis(gapCpu, gapCount);
  }

  double[] layoutMillis() {
    return millis(layouts, layoutCount);
  }

  List<Gap> longGaps() {
    return List.copyOf(longGaps);
  }

  private static double[] millis(long[] nanos, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = nanos[i] / 1e6;
    }
    Arrays.sort(out);
    return out;
  }

  /** The p-th percentile (0..100) of sorted values, nearest rank. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
