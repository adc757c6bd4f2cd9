package dev.ferry.app.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** The benchmark thread's way onto the FX thread: run there and wait, boundedly. */
final class Fx {
  private static final long LIMIT_SECONDS = 10;

  private Fx() {}

  static <T> T call(Callable<T> work) throws Exception {
    return call(work, LIMIT_SECONDS);
  }

  /** For work queued behind a long pulse (the first layout of hundreds of cards), a longer limit. */
  static <T> T call(Callable<T> work, long limitSeconds) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(work.call());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(limitSeconds, TimeUnit.SECONDS);
  }

  static void run(Runnable work) throws Exception {
    call(() -> {
      work.run();
      return null;
    });
  }

  static void post(Runnable work) {
    Platform.runLater(work);
  }
}
