package dev.ferry.app.hosts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
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
 * A container's card: shows one card view model at a time ({@link #show}), so that a virtualized list
 * reuses a few of these for hundreds of containers; starts a drag with the container's reference, and
 * offers "Move to ▸" from the context menu, reachable from the keyboard (menu key or Shift+F10 on a
 * focused card; Tab moves between cards). States are pseudo-classes: switching cards re-matches no
 * selectors.
 */
public final class ContainerCardView extends VBox {
  /** The card's width, which the pane's grid lays out by. */
  public static final double WIDTH = 200;
  /** The card's height with every row shown (a migrating card has one more): the grid's row height. */
  public static final double HEIGHT = 128;

  private static final PseudoClass MIGRATING = PseudoClass.getPseudoClass("migrating");
  private static final PseudoClass GHOST = PseudoClass.getPseudoClass("ghost");
  private static final Map<String, PseudoClass> STATES = new ConcurrentHashMap<>();

  private final HostPaneViewModel pane;
  private final Label name = new Label();
  private final Label runtime = new Label();
  private final Label state = new Label();
  private final Label cpu = new Label();
  private final Label memory = new Label();
  private final Label uptime = new Label();
  private final Label checkpoints = new Label();
  private final Label migrating = new Label();
  private final Sparkline memorySpark = new Sparkline(0, 110, 22);
  private final ChangeListener<String> onStateStyle = (o, a, b) -> restyle(a, b);
  private final ChangeListener<Boolean> onMigrating = (o, a, b) -> pseudoClassStateChanged(MIGRATING, b);
  private ContainerCardViewModel vm;
  private ContextMenu menu;

  /** An empty card, for a list cell; {@link #show} fills it. */
  public ContainerCardView(HostPaneViewModel pane) {
    super(3);
    this.pane = pane;
    getStyleClass().add("container-card");
    name.getStyleClass().add("card-name");
    runtime.getStyleClass().add("card-runtime");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(6, name, spacer, runtime);
    state.getStyleClass().add("card-state");
    cpu.getStyleClass().add("card-figure");
    Region spacer2 = new Region();
    HBox.setHgrow(spacer2, Priority.ALWAYS);
    HBox stateRow = new HBox(6, state, spacer2, cpu);
    memory.getStyleClass().add("card-figure");
    HBox memRow = new HBox(6, memorySpark, memory);
    uptime.getStyleClass().add("card-figure");
    checkpoints.getStyleClass().add("card-figure");
    migrating.getStyleClass().add("card-migrating");
    getChildren().addAll(top, stateRow, memRow, uptime, checkpoints, migrating);
    setPrefWidth(WIDTH);
    setMaxWidth(WIDTH);
    wireDrag();
    wireMenu();
  }

  public ContainerCardView(ContainerCardViewModel vm, HostPaneViewModel pane) {
    this(pane);
    show(vm);
  }

  /** Shows {@code next} (null: nothing), letting go of the card shown before. */
  public void show(ContainerCardViewModel next) {
    if (vm == next) {
      return;
    }
    if (vm != null) {
      vm.stateStyle().removeListener(onStateStyle);
      vm.migrating().removeListener(onMigrating);
      restyle(vm.stateStyle().get(), null);
    }
    vm = next;
    for (Label l : List.of(state, cpu, memory, uptime, checkpoints, migrating)) {
      l.textProperty().unbind();
    }
    migrating.visibleProperty().unbind();
    migrating.managedProperty().unbind();
    if (menu != null) {
      menu.hide();
      menu = null;
    }
    if (next == null) {
      setId(null);
      setVisible(false);
      memorySpark.show(null);
      return;
    }
    setVisible(true);
    setId("card-" + pane.name() + "-" + next.name());
    name.setText(next.name());
    runtime.setText(next.runtime());
    state.textProperty().bind(next.state());
    cpu.textProperty().bind(next.cpu());
    memory.textProperty().bind(next.memory());
    uptime.textProperty().bind(next.uptime());
    checkpoints.textProperty().bind(next.checkpointsText());
    migrating.textProperty().bind(next.migratingText());
    migrating.visibleProperty().bind(next.migrating());
    migrating.managedProperty().bind(next.migrating());
    next.stateStyle().addListener(onStateStyle);
    next.migrating().addListener(onMigrating);
    restyle(null, next.stateStyle().get());
    pseudoClassStateChanged(MIGRATING, next.migrating().get());
    pseudoClassStateChanged(GHOST, next.ghost());
    setFocusTraversable(!next.ghost());
    memorySpark.show(next.memorySeries());
  }

  private void restyle(String before, String after) {
    if (before != null) {
      state.pseudoClassStateChanged(stateClass(before), false);
    }
    if (after != null) {
      state.pseudoClassStateChanged(stateClass(after), true);
    }
  }

  private static PseudoClass stateClass(String style) {
    return STATES.computeIfAbsent(style, s -> PseudoClass.getPseudoClass("state-" + s));
  }

  private void wireDrag() {
    setOnDragDetected(e -> {
      if (vm == null || vm.ghost()) {
        return;
      }
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
      if (vm == null || vm.ghost()) {
        return;
      }
      showMenu();
      e.consume();
    });
    setOnKeyPressed(e -> {
      if (vm != null && !vm.ghost() && (e.getCode() == KeyCode.CONTEXT_MENU || e.getCode() == KeyCode.F10 && e.isShiftDown())) {
        showMenu();
        e.consume();
      }
    });
    setOnMouseClicked(e -> requestFocus());
  }

  /** Builds "Move to ▸" afresh each time (verdicts follow the facts as they are now), then the checkpoint actions. */
  public void showMenu() {
    if (menu != null) {
      menu.hide();
    }
    Menu moveTo = new Menu("Move to");
    moveTo.setId("move-to");
    ContainerCardViewModel card = vm;
    for (ContainerCardViewModel.MoveTarget t : card.moveTargets()) {
      MenuItem item = new MenuItem(t.verdict().accepted() ? t.host() : t.host() + " — " + t.verdict().reason());
      item.setId("move-to-" + t.host());
      item.setDisable(!t.verdict().accepted());
      item.setOnAction(e -> pane.moveTo(card, t.host()));
      moveTo.getItems().add(item);
    }
    if (moveTo.getItems().isEmpty()) {
      MenuItem none = new MenuItem("no other host");
      none.setDisable(true);
      moveTo.getItems().add(none);
    }
    MenuItem checkpoint = new MenuItem("Checkpoint now…");
    checkpoint.setId("checkpoint-now");
    checkpoint.setDisable(!"runc".equals(card.ref().runtime()));
    checkpoint.setOnAction(e -> pane.checkpointNow(card));
    MenuItem list = new MenuItem("Checkpoints");
    list.setId("show-checkpoints");
    list.setOnAction(e -> pane.showCheckpoints(card));
    MenuItem autopilot = new MenuItem("Autopilot…");
    autopilot.setId("autopilot-menu");
    autopilot.setDisable(card.moveTargets().isEmpty());
    autopilot.setOnAction(e -> pane.autopilot(card));
    menu = new ContextMenu(moveTo, autopilot, new javafx.scene.control.SeparatorMenuItem(), checkpoint, list);
    menu.show(this, Side.BOTTOM, 12, -12);
  }

  public ContainerCardViewModel viewModel() {
    return vm;
  }
}
