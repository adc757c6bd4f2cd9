package dev.ferry.engine.metrics;

import java.time.Duration;

/** Waits between attempts to restart a stream: doubling from an initial delay up to a ceiling. */
final class RestartBackoff {
  private final Duration initial;
  private final Duration max;
  private Duration next;

  RestartBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** The wait before the coming attempt; each call lengthens the one after. */
  synchronized Duration next() {
    Duration now = next;
    Duration doubled = now.isZero() ? Duration.ofMillis(1) : now.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return now;
  }

  synchronized void reset() {
    next = initial;
  }
}
