package dev.ferry.app.hosts;

import javafx.geometry.Side;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A container's card: binds to its view model, starts a drag with the container's reference, and
 * offers "Move to ▸" from the context menu, reachable from the keyboard (menu key or Shift+F10 on a
 * focused card; Tab moves between cards).
 */
public final class ContainerCardView extends VBox {
  private final ContainerCardViewModel vm;
  private final HostPaneViewModel pane;
  private ContextMenu menu;

  public ContainerCardView(ContainerCardViewModel vm, HostPaneViewModel pane) {
    super(3);
    this.vm = vm;
    this.pane = pane;
    getStyleClass().add("container-card");
    setId("card-" + pane.name() + "-" + vm.name());
    if (vm.ghost()) {
      getStyleClass().add("ghost");
    }
    setFocusTraversable(!vm.ghost());
    Label name = new Label(vm.name());
    name.getStyleClass().add("card-name");
    Label runtime = new Label(vm.runtime());
    runtime.getStyleClass().add("card-runtime");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(6, name, spacer, runtime);
    Label state = new Label();
    state.getStyleClass().addAll("card-state");
    state.textProperty().bind(vm.state());
    vm.stateStyle().addListener((o, a, b) -> restyle(state, a, b));
    restyle(state, null, vm.stateStyle().get());
    Label cpu = new Label();
    cpu.textProperty().bind(vm.cpu());
    cpu.getStyleClass().add("card-figure");
    Region spacer2 = new Region();
    HBox.setHgrow(spacer2, Priority.ALWAYS);
    HBox stateRow = new HBox(6, state, spacer2, cpu);
    Label memory = new Label();
    memory.textProperty().bind(vm.memory());
    memory.getStyleClass().add("card-figure");
    HBox memRow = new HBox(6, new Sparkline(vm.memorySeries(), 0, 110, 22), memory);
    Label uptime = new Label();
    uptime.textProperty().bind(vm.uptime());
    uptime.getStyleClass().add("card-figure");
    Label checkpoints = new Label();
    checkpoints.textProperty().bind(vm.checkpointsText());
    checkpoints.getStyleClass().add("card-figure");
    Label migrating = new Label();
    migrating.textProperty().bind(vm.migratingText());
    migrating.getStyleClass().add("card-migrating");
    migrating.visibleProperty().bind(vm.migrating());
    migrating.managedProperty().bind(vm.migrating());
    vm.migrating().addListener((o, a, b) -> pseudo(b));
    getChildren().addAll(top, stateRow, memRow, uptime, checkpoints, migrating);
    setPrefWidth(200);
    setMaxWidth(200);
    if (!vm.ghost()) {
      wireDrag();
      wireMenu();
    }
  }

  private void pseudo(boolean migrating) {
    if (migrating) {
      getStyleClass().add("migrating");
    } else {
      getStyleClass().remove("migrating");
    }
  }

  private static void restyle(Label state, String before, String after) {
    if (before != null) {
      state.getStyleClass().remove("state-" + before);
    }
    state.getStyleClass().add("state-" + after);
  }

  private void wireDrag() {
    setOnDragDetected(e -> {
      Dragboard db = startDragAndDrop(TransferMode.MOVE);
      ClipboardContent content = new ClipboardContent();
      content.putString(vm.ref().encode());
      db.setContent(content);
      pane.dragStarted(vm.ref().encode());
      e.consume();
    });
    setOnDragDone(e -> pane.dragEnded());
  }

  private void wireMenu() {
    setOnContextMenuRequested(e -> {
      showMenu();
      e.consume();
    });
    setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.CONTEXT_MENU || e.getCode() == KeyCode.F10 && e.isShiftDown()) {
        showMenu();
        e.consume();
      }
    });
    setOnMouseClicked(e -> requestFocus());
  }

  /** Builds "Move to ▸" afresh each time: verdicts follow the facts as they are now. */
  public void showMenu() {
    if (menu != null) {
      menu.hide();
    }
    Menu moveTo = new Menu("Move to");
    moveTo.setId("move-to");
    for (ContainerCardViewModel.MoveTarget t : vm.moveTargets()) {
      MenuItem item = new MenuItem(t.verdict().accepted() ? t.host() : t.host() + " — " + t.verdict().reason());
      item.setId("move-to-" + t.host());
      item.setDisable(!t.verdict().accepted());
      item.setOnAction(e -> pane.moveTo(vm, t.host()));
      moveTo.getItems().add(item);
    }
    if (moveTo.getItems().isEmpty()) {
      MenuItem none = new MenuItem("no other host");
      none.setDisable(true);
      moveTo.getItems().add(none);
    }
    menu = new ContextMenu(moveTo);
    menu.show(this, Side.BOTTOM, 12, -12);
  }

  public ContainerCardViewModel viewModel() {
    return vm;
  }
}
