package dev.ferry.app.checkpoints;

import dev.ferry.app.model.ContainerRef;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Checkpoint now…" dialog: a name, checked as it is typed (the engine's rule for names, and no
 * clash with the container's checkpoints listed), and whether to leave the container running.
 */
public final class CheckpointNowViewModel {
  private final ContainerRef container;
  private final CheckpointsViewModel list;
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final BooleanProperty leaveRunning = new SimpleBooleanProperty(this, "leaveRunning", true);
  private final StringBinding problem;
  private final BooleanBinding valid;

  CheckpointNowViewModel(ContainerRef container, CheckpointsViewModel list) {
    this.container = container;
    this.list = list;
    problem = Bindings.createStringBinding(() -> list.nameProblem(container, name.get()).orElse(""), name, list.rows());
    valid = problem.isEmpty();
  }

  public String title() {
    return "Checkpoint " + container.name() + " on " + container.host();
  }

  public StringProperty name() {
    return name;
  }

  public BooleanProperty leaveRunning() {
    return leaveRunning;
  }

  /** Why the name cannot be used, as typed; empty when it can. */
  public StringBinding problem() {
    return problem;
  }

  public BooleanBinding valid() {
    return valid;
  }

  /** Takes the checkpoint; ignored while the name is not valid. */
  public void confirm() {
    if (valid.get()) {
      list.checkpoint(container, name.get(), leaveRunning.get());
    }
  }
}
