package dev.ferry.app.tasks;

import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's executor: work on daemon background threads, handlers on the JavaFX application thread.
 * The only class in the app that owns threads.
 */
public final class FxTaskExecutor implements TaskExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);
  private static final UiThread FX = Platform::runLater;

  private final ExecutorService workers = Executors.newCachedThreadPool(EngineThreads.named("ferry-ui-task"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(EngineThreads.named("ferry-ui-timer"));

  @Override
  public <T> void execute(BackgroundTask<T> task) {
    workers.execute(() -> run(task));
  }

  @Override
  public <T> Cancellable schedulePeriodically(BackgroundTask<T> task, Duration period) {
    ScheduledFuture<?> f = timer.scheduleWithFixedDelay(() -> execute(task), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  private <T> void run(BackgroundTask<T> task) {
    T value;
    try {
      value = task.work().call();
    } catch (Exception e) {
      LOG.debug("{} failed: {}", task.title(), e.toString());
      FX.post(() -> task.failed(e));
      return;
    }
    FX.post(() -> task.succeeded(value));
  }

  @Override
  public UiThread ui() {
    return FX;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  /**
   * Runs {@code last} on a worker, then closes: for shutting the engine down at exit, which may talk to
   * hosts (stopping a stream kills its remote command) and so must not run on the FX thread.
   */
  public void closeAfter(String title, Runnable last) {
    timer.shutdownNow();
    workers.execute(() -> {
      try {
        last.run();
      } catch (RuntimeException e) {
        LOG.debug("{} failed: {}", title, e.toString());
      } finally {
        workers.shutdown();
      }
    });
  }
}
