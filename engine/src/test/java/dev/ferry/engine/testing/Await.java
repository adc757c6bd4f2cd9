package dev.ferry.engine.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits for a condition, not for a time: looks every {@code every} until the condition holds, and fails
 * naming what it waited for (and what it saw last) once {@code within} has passed. A slow machine waits
 * longer, a quick one not at all. The one polling loop of the tests, the engine's and the end-to-end ones.
 */
public final class Await {
  /** What is looked at each time; may throw what the test throws. */
  @FunctionalInterface
  public interface Probe<T, E extends Exception> {
    T get() throws E;
  }

  /** A condition looked at each time. */
  @FunctionalInterface
  public interface Check<E extends Exception> {
    boolean holds() throws E;
  }

  private Await() {}

  /** The first value of {@code probe} that {@code done} accepts. */
  public static <T, E extends Exception> T until(String what, Duration within, Duration every, Probe<T, E> probe, Predicate<? super T> done)
      throws E, InterruptedException {
    T seen = lastSeen(within, every, probe, done);
    if (!done.test(seen)) {
      throw new AssertionError(what + ": not within " + within + "; last seen: " + tail(String.valueOf(seen)));
    }
    return seen;
  }

  /** Returns once {@code check} holds. */
  public static <E extends Exception> void until(String what, Duration within, Duration every, Check<E> check) throws E, InterruptedException {
    if (!holds(within, every, check)) {
      throw new AssertionError(what + ": not within " + within);
    }
  }

  /** Whether {@code check} came to hold within {@code within}: for a caller that reports a miss in its own words. */
  public static <E extends Exception> boolean holds(Duration within, Duration every, Check<E> check) throws E, InterruptedException {
    return lastSeen(within, every, check::holds, Boolean::booleanValue);
  }

  /** The first value of {@code probe} that {@code done} accepts, or the last one seen once {@code within} has passed. */
  public static <T, E extends Exception> T lastSeen(Duration within, Duration every, Probe<T, E> probe, Predicate<? super T> done)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T seen = probe.get();
      if (done.test(seen) || System.nanoTime() - deadline >= 0) {
        return seen;
      }
      Thread.sleep(every.toMillis());
    }
  }

  // A log read whole can be long: its end is what the failure needs.
  private static String tail(String seen) {
    return seen.length() <= 2000 ? seen : "..." + seen.substring(seen.length() - 2000);
  }
}
