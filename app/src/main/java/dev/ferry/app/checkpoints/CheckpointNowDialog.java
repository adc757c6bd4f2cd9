package dev.ferry.app.checkpoints;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Checkpoint now…": the name with its problem shown as it is typed, and "leave it running". Binds to {@link CheckpointNowViewModel}. */
public final class CheckpointNowDialog {
  public static final ButtonType TAKE = new ButtonType("Checkpoint", ButtonBar.ButtonData.OK_DONE);
  private final Dialog<Boolean> dialog = new Dialog<>();

  CheckpointNowDialog(Window owner, CheckpointNowViewModel vm) {
    if (owner != null) {
      dialog.initOwner(owner);
    }
    dialog.setTitle(vm.title());
    dialog.setHeaderText(vm.title() + ": its memory and files, kept under a name on its host.");
    TextField name = new TextField();
    name.setId("checkpoint-name");
    name.setPromptText("for example before-upgrade");
    name.textProperty().bindBidirectional(vm.name());
    Label problem = new Label();
    problem.setId("checkpoint-name-error");
    problem.getStyleClass().add("field-error");
    problem.setWrapText(true);
    problem.setMaxWidth(420);
    problem.textProperty().bind(vm.problem());
    problem.visibleProperty().bind(Bindings.isNotEmpty(vm.problem()));
    problem.managedProperty().bind(problem.visibleProperty());
    CheckBox leave = new CheckBox("Leave it running (otherwise it is stopped once checkpointed)");
    leave.setId("checkpoint-leave-running");
    leave.selectedProperty().bindBidirectional(vm.leaveRunning());
    dialog.getDialogPane().setContent(new VBox(6, new Label("Name"), name, problem, leave));
    dialog.getDialogPane().getButtonTypes().addAll(TAKE, ButtonType.CANCEL);
    Node take = dialog.getDialogPane().lookupButton(TAKE);
    take.setId("checkpoint-take");
    take.disableProperty().bind(vm.valid().not());
    dialog.setResultConverter(b -> b == TAKE);
    dialog.setOnHidden(e -> {
      if (Boolean.TRUE.equals(dialog.getResult())) {
        vm.confirm();
      }
    });
  }

  public Dialog<Boolean> dialog() {
    return dialog;
  }

  void show() {
    dialog.show();
  }
}
