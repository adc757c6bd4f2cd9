package dev.ferry.app.migration;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The freeze stopwatch of the migration that started last and still runs, for displays outside its
 * sheet (presentation mode's big stopwatch): its text, whether a migration runs, and whether the
 * container is frozen now. Follows one {@link FreezeStopwatch} at a time, on the UI thread.
 */
public final class LiveFreeze {
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyBooleanWrapper frozen = new ReadOnlyBooleanWrapper(this, "frozen");
  private Object following;
  private FreezeStopwatch stopwatch;

  void follow(Object owner, String container, FreezeStopwatch stopwatch) {
    following = owner;
    this.stopwatch = stopwatch;
    text.bind(javafx.beans.binding.Bindings.concat(container + ": ", stopwatch.text()));
    frozen.bind(stopwatch.runningProperty());
    running.set(true);
  }

  void ended(Object owner) {
    if (following != owner) {
      return;
    }
    following = null;
    stopwatch = null;
    text.unbind();
    frozen.unbind();
    frozen.set(false);
    running.set(false);
  }

  /** Moves the display on; called on each UI pulse by whatever shows it. */
  public void tick() {
    if (stopwatch != null) {
      stopwatch.tick();
    }
  }

  public ReadOnlyStringProperty text() {
    return text.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty running() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty frozen() {
    return frozen.getReadOnlyProperty();
  }
}
