package dev.ferry.app.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every task at once on the calling thread, handlers included: view-model tests need no FX
 * toolkit and no waiting. Periodic tasks run once when scheduled and again on each {@link #tick()}.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
  private final List<BackgroundTask<?>> periodic = new ArrayList<>();

  @Override
  public <T> void execute(BackgroundTask<T> task) {
    T value;
    try {
      value = task.work().call();
    } catch (Exception e) {
      task.failed(e);
      return;
    }
    task.succeeded(value);
  }

  @Override
  public <T> Cancellable schedulePeriodically(BackgroundTask<T> task, Duration period) {
    periodic.add(task);
    execute(task);
    return () -> periodic.remove(task);
  }

  /** Runs every periodic task once more, as if its period had passed. */
  public void tick() {
    List.copyOf(periodic).forEach(this::execute);
  }

  @Override
  public UiThread ui() {
    return UiThread.DIRECT;
  }
}
