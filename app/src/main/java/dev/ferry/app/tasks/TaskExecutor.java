package dev.ferry.app.tasks;

import java.time.Duration;

/**
 * Where view models send work that must not run on the UI thread (SSH, sleeps, file reads). Results
 * and failures come back through {@link #ui()}.
 */
public interface TaskExecutor extends AutoCloseable {
  <T> void execute(BackgroundTask<T> task);

  /**
   * Runs {@code task} every {@code period} (live meters, history refreshes) until the returned handle
   * is cancelled; each run's result reaches its handlers on the UI thread.
   */
  <T> Cancellable schedulePeriodically(BackgroundTask<T> task, Duration period);

  UiThread ui();

  @Override
  default void close() {}

  /** A scheduled job that can be stopped. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
