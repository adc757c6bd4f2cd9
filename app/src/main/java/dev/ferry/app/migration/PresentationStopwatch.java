package dev.ferry.app.migration;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;

/**
 * The big freeze stopwatch in the middle of the main window in presentation mode: the running
 * migration's stopwatch, as its sheet shows it, in type readable from the back of a room. It ticks on
 * the UI pulse only while shown; it never takes the mouse, so the panes below stay usable.
 */
final class PresentationStopwatch {
  private static final PseudoClass FROZEN = PseudoClass.getPseudoClass("frozen");
  private final Label label = new Label();

  PresentationStopwatch(LiveFreeze live, ObservableBooleanValue when) {
    label.setId("presentation-stopwatch");
    label.getStyleClass().add("presentation-stopwatch");
    label.setMouseTransparent(true);
    label.textProperty().bind(live.text());
    label.visibleProperty().bind(Bindings.createBooleanBinding(() -> when.get() && live.running().get(), when, live.running()));
    label.managedProperty().bind(label.visibleProperty());
    live.frozen().addListener((o, a, b) -> label.pseudoClassStateChanged(FROZEN, b));
    AnimationTimer pulse = new AnimationTimer() {
      @Override
      public void handle(long now) {
        live.tick();
      }
    };
    label.visibleProperty().addListener((o, a, shown) -> {
      if (shown) {
        pulse.start();
      } else {
        pulse.stop();
      }
    });
  }

  Node node() {
    return label;
  }
}
