package dev.ferry.app.checkpoints;

import dev.ferry.app.hosts.ContainerCardViewModel.MoveTarget;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The checkpoints list, below the host panes: a host's checkpoints (all, or one container's) with
 * time, size and whether the container was left running; restore here, restore on another host (its
 * verdict beside it, greyed with the reason when it cannot), delete after a confirmation. A row can be
 * dragged onto a host's pane to restore it there. Binds to {@link CheckpointsViewModel}.
 */
public final class CheckpointsView {
  private final BorderPane root = new BorderPane();
  private final CheckpointsViewModel vm;

  public CheckpointsView(CheckpointsViewModel vm) {
    this.vm = vm;
    root.setId("checkpoints-view");
    ChoiceBox<String> host = new ChoiceBox<>(vm.hosts());
    host.setId("checkpoints-host");
    host.valueProperty().bindBidirectional(vm.host());
    ChoiceBox<String> container = new ChoiceBox<>(vm.containers());
    container.setId("checkpoints-container");
    container.valueProperty().bindBidirectional(vm.container());
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> vm.refresh());
    HBox top = new HBox(8, new Label("Host"), host, new Label("Container"), container, refresh);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(6, 8, 6, 8));

    TableView<CheckpointRow> table = new TableView<>(vm.rows());
    table.setId("checkpoints-table");
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label("No checkpoints here. A card's menu has \"Checkpoint now…\"."));
    table.getColumns().add(column("container", CheckpointRow::container));
    table.getColumns().add(column("name", CheckpointRow::name));
    table.getColumns().add(column("time", CheckpointRow::time));
    table.getColumns().add(column("size", CheckpointRow::size));
    table.getColumns().add(column("container after", CheckpointRow::leftRunning));
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selected().set(b));
    table.setRowFactory(t -> draggableRow());

    Button here = new Button("Restore here");
    here.setId("restore-here");
    here.setTooltip(new javafx.scene.control.Tooltip("Restore on the host that keeps the checkpoint (drag a row onto a pane for another host)"));
    here.disableProperty().bind(vm.selected().isNull().or(vm.busy()));
    here.setOnAction(e -> vm.restore(vm.selected().get(), vm.selected().get().keptOn()));
    MenuButton on = new MenuButton("Restore on");
    on.setId("restore-on");
    on.disableProperty().bind(vm.selected().isNull().or(vm.busy()));
    on.setOnShowing(e -> on.getItems().setAll(vm.targets(vm.selected().get()).stream().map(this::targetItem).toList()));
    Button delete = new Button("Delete…");
    delete.setId("delete-checkpoint");
    delete.disableProperty().bind(vm.selected().isNull().or(vm.busy()));
    delete.setOnAction(e -> confirmDelete(vm.selected().get()));
    Label status = new Label();
    status.setId("checkpoints-status");
    status.setWrapText(true);
    status.textProperty().bind(vm.status());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bottom = new HBox(8, status, spacer, here, on, delete);
    bottom.setAlignment(Pos.CENTER_LEFT);
    bottom.setPadding(new Insets(6, 8, 6, 8));
    HBox.setHgrow(status, Priority.SOMETIMES);

    root.setTop(top);
    root.setCenter(table);
    root.setBottom(bottom);
    vm.showRequests().addListener((o, a, b) -> bringForward());
  }

  private MenuItem targetItem(MoveTarget t) {
    boolean own = t.host().equals(vm.selected().get().keptOn());
    String label = t.host() + (own ? " (where it is kept)" : "");
    MenuItem item = new MenuItem(t.verdict().accepted() ? label : label + " — " + t.verdict().reason());
    item.setId("restore-on-" + t.host());
    item.setDisable(!t.verdict().accepted());
    CheckpointRow row = vm.selected().get();
    item.setOnAction(e -> vm.restore(row, t.host()));
    return item;
  }

  private TableRow<CheckpointRow> draggableRow() {
    TableRow<CheckpointRow> row = new TableRow<>();
    row.setOnDragDetected(e -> {
      if (row.getItem() == null) {
        return;
      }
      Dragboard db = row.startDragAndDrop(TransferMode.MOVE);
      ClipboardContent content = new ClipboardContent();
      content.putString(row.getItem().ref().encode());
      db.setContent(content);
      vm.dragStarted(row.getItem());
      e.consume();
    });
    row.setOnDragDone(e -> vm.dragEnded());
    return row;
  }

  private void confirmDelete(CheckpointRow row) {
    Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "Delete the checkpoint " + row.ref().label() + " on " + row.keptOn()
        + " (" + row.size() + ", taken " + row.time() + ")? This cannot be undone.", ButtonType.CANCEL, ButtonType.OK);
    ask.setTitle("Delete a checkpoint");
    ask.setHeaderText("Delete " + row.ref().label() + "?");
    if (root.getScene() != null) {
      ask.initOwner(root.getScene().getWindow());
    }
    ask.getDialogPane().setId("delete-checkpoint-confirm");
    ask.setOnHidden(e -> {
      if (ask.getResult() == ButtonType.OK) {
        vm.delete(row);
      }
    });
    ask.show();
  }

  /** Selects this list's tab, when it lies in one. */
  private void bringForward() {
    for (Node at = root.getParent(); at != null; at = at.getParent()) {
      if (at instanceof TabPane tabs) {
        for (Tab t : tabs.getTabs()) {
          if (t.getContent() != null && (t.getContent() == root || isAncestor(t.getContent(), root))) {
            tabs.getSelectionModel().select(t);
          }
        }
        return;
      }
    }
  }

  private static boolean isAncestor(Node maybe, Node of) {
    for (Node at = of.getParent(); at != null; at = at.getParent()) {
      if (at == maybe) {
        return true;
      }
    }
    return false;
  }

  public Node node() {
    return root;
  }

  private static TableColumn<CheckpointRow, String> column(String title, Function<CheckpointRow, String> value) {
    TableColumn<CheckpointRow, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }
}
