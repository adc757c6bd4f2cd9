package dev.ferry.app.tasks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back through the door: an engine thread that needs a person's answer (a passphrase, a host
 * key decision) posts the question to the UI thread and waits for the reply, bounded by a timeout.
 * Only the asking engine thread waits; the UI thread shows a non-modal-blocking dialog and replies
 * from its handler. Asked from the UI thread itself, it refuses at once rather than deadlock.
 */
public final class UiQuestion {
  private static final Logger LOG = LoggerFactory.getLogger(UiQuestion.class);

  private UiQuestion() {}

  /**
   * Posts {@code question} to the UI thread, which must call the reply consumer exactly once, and
   * waits for that reply on the calling (engine) thread. Returns {@code fallback} when nobody
   * answers within {@code timeout}, when the question fails, or when called on the FX thread.
   */
  public static <T> T ask(UiThread ui, String title, Consumer<Consumer<T>> question, T fallback, Duration timeout) {
    if (Platform.isFxApplicationThread()) {
      LOG.warn("{}: asked on the FX thread, which must never wait; answering '{}'", title, fallback);
      return fallback;
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    ui.post(() -> {
      try {
        question.accept(answer::complete);
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.info("{}: no answer within {} s", title, timeout.toSeconds());
      return fallback;
    } catch (ExecutionException e) {
      LOG.warn("{}: the question failed: {}", title, e.getCause().toString());
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    }
  }
}
