package dev.ferry.engine.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** One monotonic clock for a whole migration: every phase is timed against the same origin. */
final class PhaseClock {
  private final long origin = System.nanoTime();
  private final List<PhaseTiming> timings = new ArrayList<>();

  long nowMillis() {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  /** Runs a phase body that returns the bytes it moved, and records its timing. */
  PhaseTiming time(Phase phase, LongSupplier body) {
    long start = nowMillis();
    long bytes = body.getAsLong();
    PhaseTiming t = new PhaseTiming(phase, start, nowMillis() - start, bytes);
    synchronized (timings) {
      timings.add(t);
    }
    return t;
  }

  Duration elapsed() {
    return Duration.ofMillis(nowMillis());
  }

  List<PhaseTiming> timings() {
    synchronized (timings) {
      return List.copyOf(timings);
    }
  }
}
