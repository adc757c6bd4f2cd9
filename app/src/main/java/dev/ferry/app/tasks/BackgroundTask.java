package dev.ferry.app.tasks;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One piece of work for a background thread, with what to do on the UI thread when it succeeds or
 * fails. Built by a view model, run by a {@link TaskExecutor}: the FX one in the app, the
 * current-thread one in tests, so view models are tested without a stage or a sleep.
 */
public final class BackgroundTask<T> {
  private final String title;
  private final Callable<T> work;
  private Consumer<T> onSuccess = t -> {};
  private Consumer<Throwable> onFailure = e -> {};

  private BackgroundTask(String title, Callable<T> work) {
    this.title = Objects.requireNonNull(title);
    this.work = Objects.requireNonNull(work);
  }

  /** {@code title} names the work in logs and thread dumps ("probe ferry-a"). */
  public static <T> BackgroundTask<T> of(String title, Callable<T> work) {
    return new BackgroundTask<>(title, work);
  }

  public BackgroundTask<T> onSuccess(Consumer<T> handler) {
    this.onSuccess = Objects.requireNonNull(handler);
    return this;
  }

  public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
    this.onFailure = Objects.requireNonNull(handler);
    return this;
  }

  public String title() {
    return title;
  }

  Callable<T> work() {
    return work;
  }

  void succeeded(T value) {
    onSuccess.accept(value);
  }

  void failed(Throwable error) {
    onFailure.accept(error);
  }
}
