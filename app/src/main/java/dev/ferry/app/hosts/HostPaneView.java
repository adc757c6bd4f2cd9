package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One host's pane: header (name, address, system, CRIU badge, readiness mark, connection state and
 * any problem with its fix), the four live meters, and the container cards. It is a drop target:
 * while a card is dragged it shows, on the pane, whether it would take it and why not.
 */
public final class HostPaneView extends VBox {
  private final HostPaneViewModel vm;
  private final FlowPane cards = new FlowPane(8, 8);
  private final Map<ContainerCardViewModel, ContainerCardView> cardViews = new HashMap<>();
  private static final PseudoClass DROP_ACCEPT = PseudoClass.getPseudoClass("drop-accept");
  private static final PseudoClass DROP_REFUSE = PseudoClass.getPseudoClass("drop-refuse");
  private final Label verdict = new Label();

  public HostPaneView(HostPaneViewModel vm, Runnable retry) {
    super(8);
    this.vm = vm;
    getStyleClass().add("host-pane");
    setId("pane-" + vm.name());
    setMinWidth(380);
    getChildren().addAll(header(retry), meters(), cardArea());
    vm.cards().addListener((ListChangeListener<ContainerCardViewModel>) c -> syncCards());
    syncCards();
    vm.dropVerdict().addListener((o, a, b) -> showVerdict(b));
    wireDrop();
  }

  private Node header(Runnable retry) {
    Label name = new Label(vm.name());
    name.getStyleClass().add("pane-title");
    Label criu = new Label();
    criu.textProperty().bind(vm.criuBadge());
    criu.getStyleClass().add("criu-badge");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(8, name, criu, spacer, new ReadinessView(vm));
    top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    Label address = new Label();
    address.textProperty().bind(vm.address());
    address.getStyleClass().add("pane-sub");
    Label system = new Label();
    system.textProperty().bind(vm.system());
    system.getStyleClass().add("pane-sub");
    Label connection = new Label();
    connection.setId("connection-" + vm.name());
    connection.textProperty().bind(vm.connection());
    connection.getStyleClass().add("connection");
    vm.connectionStyle().addListener((o, a, b) -> {
      connection.getStyleClass().remove("connection-" + a);
      connection.getStyleClass().add("connection-" + b);
    });
    connection.getStyleClass().add("connection-" + vm.connectionStyle().get());
    Button again = new Button("Try again");
    again.setOnAction(e -> retry.run());
    again.visibleProperty().bind(vm.connectionStyle().isEqualTo("error"));
    again.managedProperty().bind(again.visibleProperty());
    HBox connRow = new HBox(8, connection, again);
    connRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    Label problem = new Label();
    problem.setId("problem-" + vm.name());
    problem.textProperty().bind(vm.problem());
    problem.setWrapText(true);
    problem.getStyleClass().add("pane-problem");
    problem.visibleProperty().bind(vm.problem().isNotEmpty());
    problem.managedProperty().bind(problem.visibleProperty());
    TextField fix = new TextField();
    fix.setId("fix-" + vm.name());
    fix.setEditable(false);
    fix.textProperty().bind(vm.fixCommand());
    fix.visibleProperty().bind(vm.fixCommand().isNotEmpty());
    fix.managedProperty().bind(fix.visibleProperty());
    Label recovery = new Label();
    recovery.setId("recovery-" + vm.name());
    recovery.textProperty().bind(vm.recovery());
    recovery.setWrapText(true);
    recovery.getStyleClass().add("pane-recovery");
    recovery.visibleProperty().bind(vm.recovery().isNotEmpty());
    recovery.managedProperty().bind(recovery.visibleProperty());
    VBox box = new VBox(2, top, address, system, connRow, problem, fix, recovery);
    box.getStyleClass().add("pane-header");
    return box;
  }

  private Node meters() {
    GridPane grid = new GridPane();
    grid.setHgap(14);
    grid.setVgap(6);
    grid.add(new MeterView(vm.cpu()), 0, 0);
    grid.add(new MeterView(vm.memory()), 1, 0);
    grid.add(new MeterView(vm.disk()), 0, 1);
    grid.add(new MeterView(vm.network()), 1, 1);
    grid.getStyleClass().add("meters");
    return grid;
  }

  private Node cardArea() {
    cards.getStyleClass().add("cards");
    ScrollPane scroll = new ScrollPane(cards);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("cards-scroll");
    Label empty = new Label("No containers");
    empty.getStyleClass().add("pane-sub");
    empty.visibleProperty().bind(Bindings.isEmpty(vm.cards()).and(vm.connectedProperty()));
    verdict.getStyleClass().add("drop-verdict");
    verdict.setId("verdict-" + vm.name());
    verdict.setVisible(false);
    verdict.setWrapText(true);
    verdict.setMouseTransparent(true);
    StackPane stack = new StackPane(scroll, empty, verdict);
    VBox.setVgrow(stack, Priority.ALWAYS);
    return stack;
  }

  private void syncCards() {
    List<ContainerCardViewModel> now = List.copyOf(vm.cards());
    cardViews.keySet().retainAll(now);
    cards.getChildren().setAll(now.stream().map(c -> (Node) cardViews.computeIfAbsent(c, k -> new ContainerCardView(k, vm))).toList());
  }

  /**
   * Pseudo-classes, not style classes: a style-class change makes JavaFX re-match every selector in the
   * pane's subtree (50 cards), which the app benchmark measured at hundreds of ms per drag start; a
   * pseudo-class change only re-evaluates the two nodes whose rules name it.
   */
  private void showVerdict(DropVerdict v) {
    boolean accept = v != null && v.accepted();
    boolean refuse = v != null && !v.accepted();
    pseudoClassStateChanged(DROP_ACCEPT, accept);
    pseudoClassStateChanged(DROP_REFUSE, refuse);
    verdict.pseudoClassStateChanged(DROP_ACCEPT, accept);
    verdict.pseudoClassStateChanged(DROP_REFUSE, refuse);
    if (v == null) {
      verdict.setVisible(false);
      return;
    }
    verdict.setText(v.accepted() ? "Drop to move here" + (v.reason().isEmpty() ? "" : ": " + v.reason()) : "Cannot take it: " + v.reason());
    verdict.setVisible(true);
  }

  private void wireDrop() {
    setOnDragEntered(e -> {
      Dragboard db = e.getDragboard();
      if (db.hasString()) {
        vm.dragEntered(db.getString());
      }
    });
    setOnDragOver(e -> {
      DropVerdict v = vm.dropVerdict().get();
      if (e.getDragboard().hasString() && v != null && v.accepted()) {
        e.acceptTransferModes(TransferMode.MOVE);
      }
      e.consume();
    });
    setOnDragDropped(e -> {
      boolean taken = e.getDragboard().hasString() && vm.drop(e.getDragboard().getString());
      e.setDropCompleted(taken);
      e.consume();
    });
  }

  /** Keyboard way into the cards: focuses this pane's first card. */
  public void focusFirstCard() {
    cards.getChildren().stream().filter(Node::isFocusTraversable).findFirst().ifPresent(Node::requestFocus);
  }

  public HostPaneViewModel viewModel() {
    return vm;
  }
}
