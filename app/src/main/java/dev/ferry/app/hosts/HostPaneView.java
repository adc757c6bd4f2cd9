package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

/**
 * One host's pane: header (name, address, system, CRIU badge, readiness mark, connection state and
 * any problem with its fix), the four live meters, and the container cards. It is a drop target:
 * while a card is dragged it shows, on the pane, whether it would take it and why not.
 */
public final class HostPaneView extends VBox {
  private final HostPaneViewModel vm;
  // Virtualized: a pane of 50 containers makes cards only for the dozen in view and reuses them on scroll.
  private final GridView<ContainerCardViewModel> cards = new GridView<>();
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
    Button evacuate = new Button("Evacuate…");
    evacuate.setId("evacuate-" + vm.name());
    evacuate.setTooltip(new javafx.scene.control.Tooltip("Move every container off this host: a plan first, nothing moves before you confirm"));
    evacuate.disableProperty().bind(vm.connectedProperty().not());
    evacuate.setOnAction(e -> vm.evacuate());
    HBox top = new HBox(8, name, criu, spacer, evacuate, new ReadinessView(vm));
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
    cards.setId("cards-" + vm.name());
    cards.setItems(vm.cards());
    cards.setCellWidth(ContainerCardView.WIDTH);
    cards.setCellHeight(ContainerCardView.HEIGHT);
    cards.setHorizontalCellSpacing(4);
    cards.setVerticalCellSpacing(4);
    cards.setCellFactory(g -> new CardCell());
    // Every row is one card high: told so, the grid's flow never measures cells (it would style a
    // scratch cell per row each time anything in the pane asks for its size: most of the app's garbage).
    cards.skinProperty().addListener((o, a, skin) -> fixRowHeight());
    cards.cellHeightProperty().addListener((o, a, b) -> fixRowHeight());
    cards.setMinSize(0, 0);
    cards.setPrefSize(2 * (ContainerCardView.WIDTH + 8), 2 * (ContainerCardView.HEIGHT + 8));
    Label empty = new Label("No containers");
    empty.getStyleClass().add("pane-sub");
    empty.visibleProperty().bind(Bindings.isEmpty(vm.cards()).and(vm.connectedProperty()));
    verdict.getStyleClass().add("drop-verdict");
    verdict.setId("verdict-" + vm.name());
    verdict.setVisible(false);
    verdict.setWrapText(true);
    verdict.setMouseTransparent(true);
    StackPane stack = new StackPane(cards, empty, verdict);
    VBox.setVgrow(stack, Priority.ALWAYS);
    return stack;
  }

  /** Grows the fixed-size card cells with the type (presentation mode); 1 is the normal size. */
  public void scaleCards(double factor) {
    cards.setCellWidth(ContainerCardView.WIDTH * factor);
    cards.setCellHeight(ContainerCardView.HEIGHT * factor);
  }

  private void fixRowHeight() {
    Node flow = cards.lookup(".virtual-flow");
    if (flow instanceof VirtualFlow<?> f) {
      f.setFixedCellSize(cards.getCellHeight() + 2 * cards.getVerticalCellSpacing());
    }
  }

  /**
   * A grid cell holding one reusable card view, shown the container the grid puts in the cell. The
   * grid empties each cell for an instant whenever it updates a row (index -1, then its index again);
   * letting go of the card then would re-style it from scratch each time, so an empty cell lets go
   * only if it is still empty once the events in hand are done.
   *
   * <p>The card sits in a {@link CardHolder} that lays it out by hand, so that the card is a layout root:
   * its labels change every second (CPU, uptime) and each change would otherwise ask the pane's grid to
   * lay out its rows again, about ten times a second with 10 panes, and the grid repaints the rows it
   * lays out. Held this way, the grid is laid out only when its rows change, and the renderer's share of
   * a core fell from 14-16 % to 12-13 % (bench/app-results.md, runs 30-33 against 38-40).
   */
  private final class CardCell extends GridCell<ContainerCardViewModel> {
    private final ContainerCardView card = new ContainerCardView(vm);
    private final CardHolder holder = new CardHolder(card);
    private boolean letGoPending;

    CardCell() {
      getStyleClass().add("card-cell");
      card.prefWidthProperty().bind(cards.cellWidthProperty());
      card.maxWidthProperty().bind(cards.cellWidthProperty());
    }

    @Override
    protected void updateItem(ContainerCardViewModel item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      if (empty || item == null) {
        if (!letGoPending) {
          letGoPending = true;
          Platform.runLater(this::letGoIfStillEmpty);
        }
        return;
      }
      card.show(item);
      if (getGraphic() != holder) {
        setGraphic(holder);
      }
    }

    private void letGoIfStillEmpty() {
      letGoPending = false;
      if (isEmpty() || getItem() == null) {
        card.show(null);
        setGraphic(null);
      }
    }
  }

  /** A card as a layout root (unmanaged), given the holder's whole area; the holder asks the card its sizes. */
  private static final class CardHolder extends Region {
    private final ContainerCardView card;

    CardHolder(ContainerCardView card) {
      this.card = card;
      card.setManaged(false);
      getChildren().add(card);
    }

    @Override
    protected double computePrefWidth(double height) {
      return card.prefWidth(height);
    }

    @Override
    protected double computePrefHeight(double width) {
      return card.prefHeight(width);
    }

    @Override
    protected void layoutChildren() {
      card.resizeRelocate(0, 0, getWidth(), getHeight());
    }
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
    verdict.setText(v.accepted() ? (v.reason().startsWith("restore ") ? "Drop to " + v.reason()
        : "Drop to move here" + (v.reason().isEmpty() ? "" : ": " + v.reason())) : "Cannot take it: " + v.reason());
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
    cards.lookupAll(".container-card").stream().filter(n -> n.isVisible() && n.isFocusTraversable() && n.getScene() != null)
        .min(java.util.Comparator.comparingDouble((Node n) -> n.localToScene(0, 0).getY()).thenComparingDouble(n -> n.localToScene(0, 0).getX()))
        .ifPresent(Node::requestFocus);
  }

  public HostPaneViewModel viewModel() {
    return vm;
  }
}
