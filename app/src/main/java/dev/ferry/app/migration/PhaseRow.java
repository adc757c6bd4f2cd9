package dev.ferry.app.migration;

import dev.ferry.engine.migration.Phase;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One phase on the migration's timeline: waiting, running, done (with its time and bytes), failed or skipped. */
final class PhaseRow {
  /** Where a phase is. */
  enum State { WAITING, RUNNING, DONE, FAILED, SKIPPED }

  private final Phase phase;
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WAITING);
  private final ReadOnlyLongWrapper millis = new ReadOnlyLongWrapper(this, "millis");
  private final ReadOnlyLongWrapper bytes = new ReadOnlyLongWrapper(this, "bytes");

  PhaseRow(Phase phase) {
    this.phase = phase;
  }

  Phase phase() {
    return phase;
  }

  void started() {
    state.set(State.RUNNING);
  }

  void finished(long tookMillis, long movedBytes) {
    millis.set(tookMillis);
    bytes.set(movedBytes);
    state.set(State.DONE);
  }

  void ended(State end) {
    state.set(end);
  }

  ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  State state() {
    return state.get();
  }

  ReadOnlyLongProperty millisProperty() {
    return millis.getReadOnlyProperty();
  }

  ReadOnlyLongProperty bytesProperty() {
    return bytes.getReadOnlyProperty();
  }
}
