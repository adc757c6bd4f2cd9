package dev.ferry.app.evacuate;

import dev.ferry.engine.evacuate.PlannedMove;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One container in the evacuation sheet: where it goes (the user may change it), whether it is
 * included, the strategy and pre-flight verdict for that host, and its progress once running.
 */
public final class EvacuationRow {
  private final String container;
  private final StringProperty target = new SimpleStringProperty(this, "target", "");
  private final BooleanProperty included = new SimpleBooleanProperty(this, "included", true);
  private final ReadOnlyStringWrapper strategy = new ReadOnlyStringWrapper(this, "strategy", "");
  private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");

  EvacuationRow(PlannedMove m) {
    this.container = m.container();
    show(m);
  }

  void show(PlannedMove m) {
    target.set(m.target().orElse(""));
    included.set(m.included());
    strategy.set(m.strategy().map(s -> s.strategy().label()).orElse("-"));
    verdict.set(m.verdict());
    progress.set(m.willMove() ? "will move" : m.included() ? "stays: " + m.blockedBecause().orElse("") : "left out");
  }

  void progress(String text) {
    progress.set(text);
  }

  public String container() {
    return container;
  }

  public StringProperty target() {
    return target;
  }

  public BooleanProperty included() {
    return included;
  }

  public ReadOnlyStringProperty strategy() {
    return strategy.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty verdict() {
    return verdict.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty progress() {
    return progress.getReadOnlyProperty();
  }
}
