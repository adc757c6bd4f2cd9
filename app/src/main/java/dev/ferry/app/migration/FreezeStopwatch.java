package dev.ferry.app.migration;

import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * The live freeze stopwatch: started when the first frozen phase starts, stopped when the container
 * resumes. It measures what this app saw on its own monotonic clock (events arrive a few milliseconds
 * after the engine's phase clock); the engine's figure is shown beside it once the report arrives.
 * {@link #tick()} is called on each UI pulse to move the display.
 */
final class FreezeStopwatch {
  private final LongSupplier nanos;
  private final ReadOnlyLongWrapper millis = new ReadOnlyLongWrapper(this, "millis");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private long startedAt;
  private boolean started;

  FreezeStopwatch(LongSupplier nanos) {
    this.nanos = nanos;
  }

  void start() {
    if (started) {
      return;
    }
    started = true;
    startedAt = nanos.getAsLong();
    running.set(true);
    millis.set(0);
  }

  void stop() {
    if (running.get()) {
      tick();
      running.set(false);
    }
  }

  void tick() {
    if (running.get()) {
      millis.set((nanos.getAsLong() - startedAt) / 1_000_000);
    }
  }

  boolean started() {
    return started;
  }

  ReadOnlyLongProperty millisProperty() {
    return millis.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** "frozen 0.412 s", with "(frozen now)" while it runs: the one wording of the sheet and the presentation display. */
  javafx.beans.binding.StringBinding text() {
    return javafx.beans.binding.Bindings.createStringBinding(() -> String.format(java.util.Locale.ROOT, "frozen %.3f s%s",
        millis.get() / 1000.0, running.get() ? "  (frozen now)" : ""), millis, running);
  }
}
