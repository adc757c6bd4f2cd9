package dev.ferry.engine.testing;

import java.time.Duration;
import java.util.function.Function;
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
    return poll(within, every, probe, done, seen -> what + ": not within " + within + "; last seen: " + tail(String.valueOf(seen)));
  }

  /** Returns once {@code check} holds. */
  public static <E extends Exception> void until(String what, Duration within, Duration every, Check<E> check) throws E, InterruptedException {
    poll(within, every, check::holds, Boolean::booleanValue, seen -> what + ": not within " + within);
  }

  // A log read whole can be long: its end is what the failure needs.
  private static String tail(String seen) {
    return seen.length() <= 2000 ? seen : "..." + seen.substring(seen.length() - 2000);
  }

  private static <T, E extends Exception> T poll(Duration within, Duration every, Probe<T, E> probe, Predicate<? super T> done,
      Function<T, String> failure) throws E, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T seen = probe.get();
      if (done.test(seen)) {
        return seen;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(failure.apply(seen));
      }
      Thread.sleep(every.toMillis());
    }
  }
}
