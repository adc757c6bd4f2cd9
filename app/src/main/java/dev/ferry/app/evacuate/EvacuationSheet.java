package dev.ferry.app.evacuate;

import dev.ferry.app.evacuate.EvacuationViewModel.Stage;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.ChoiceBoxTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The evacuation sheet: the plan first (each container's target, which can be changed, whether it is
 * included, its strategy and pre-flight verdict), Evacuate to confirm, then each container's progress
 * and the summary. A thin view: it binds to {@link EvacuationViewModel} and forwards clicks.
 */
final class EvacuationSheet {
  private final javafx.stage.Stage stage = new javafx.stage.Stage();

  EvacuationSheet(EvacuationViewModel vm, Window owner) {
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.initModality(Modality.NONE);
    stage.setTitle(vm.title());
    Label title = new Label(vm.title());
    title.getStyleClass().add("title-3");
    Label status = new Label();
    status.setId("evacuation-status");
    status.setWrapText(true);
    status.textProperty().bind(vm.status());

    TableView<EvacuationRow> table = new TableView<>(vm.rows());
    table.setId("evacuation-plan");
    table.setEditable(true);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label("Planning…"));
    TableColumn<EvacuationRow, Boolean> include = new TableColumn<>("move");
    include.setCellValueFactory(c -> c.getValue().included());
    include.setCellFactory(CheckBoxTableCell.forTableColumn(include));
    include.editableProperty().bind(vm.stage().isEqualTo(Stage.READY));
    include.setMaxWidth(70);
    TableColumn<EvacuationRow, String> container = new TableColumn<>("container");
    container.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().container()));
    TableColumn<EvacuationRow, String> to = new TableColumn<>("to");
    to.setCellValueFactory(c -> c.getValue().target());
    to.setCellFactory(ChoiceBoxTableCell.forTableColumn(vm.targets()));
    to.editableProperty().bind(vm.stage().isEqualTo(Stage.READY));
    to.setOnEditCommit(e -> e.getRowValue().target().set(e.getNewValue()));
    TableColumn<EvacuationRow, String> strategy = new TableColumn<>("strategy");
    strategy.setCellValueFactory(c -> c.getValue().strategy());
    TableColumn<EvacuationRow, String> verdict = new TableColumn<>("pre-flight");
    verdict.setCellValueFactory(c -> c.getValue().verdict());
    TableColumn<EvacuationRow, String> progress = new TableColumn<>("progress");
    progress.setCellValueFactory(c -> c.getValue().progress());
    table.getColumns().addAll(java.util.List.of(include, container, to, strategy, verdict, progress));

    TextArea summary = new TextArea();
    summary.setId("evacuation-summary");
    summary.setEditable(false);
    summary.setPrefRowCount(5);
    summary.textProperty().bind(vm.summaryText());
    summary.visibleProperty().bind(vm.summaryText().isNotEmpty());
    summary.managedProperty().bind(summary.visibleProperty());

    Button evacuate = new Button("Evacuate");
    evacuate.setId("evacuate-confirm");
    evacuate.getStyleClass().add("accent");
    evacuate.setDefaultButton(true);
    evacuate.disableProperty().bind(vm.stage().isNotEqualTo(Stage.READY));
    evacuate.visibleProperty().bind(vm.stage().isEqualTo(Stage.READY).or(vm.stage().isEqualTo(Stage.PLANNING)));
    evacuate.managedProperty().bind(evacuate.visibleProperty());
    evacuate.setOnAction(e -> vm.confirm());
    Button stop = new Button("Stop after this one");
    stop.setId("evacuate-stop");
    stop.visibleProperty().bind(vm.stage().isEqualTo(Stage.RUNNING));
    stop.managedProperty().bind(stop.visibleProperty());
    stop.setOnAction(e -> vm.stop());
    Button close = new Button("Close");
    close.setId("evacuate-close");
    close.disableProperty().bind(vm.stage().isEqualTo(Stage.RUNNING));
    close.setCancelButton(true);
    close.setOnAction(e -> stage.close());
    HBox buttons = new HBox(8, stop, close, evacuate);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    VBox top = new VBox(6, title, status);
    VBox.setVgrow(table, Priority.ALWAYS);
    VBox center = new VBox(8, table, summary);
    VBox.setVgrow(table, Priority.ALWAYS);
    BorderPane root = new BorderPane(center, top, null, buttons, null);
    root.setPadding(new Insets(14));
    BorderPane.setMargin(center, new Insets(10, 0, 10, 0));
    root.setId("evacuation-sheet");
    stage.setScene(new Scene(root, 980, 520));
    stage.setOnCloseRequest(e -> {
      if (vm.stage().get() == Stage.RUNNING) {
        e.consume();
      }
    });
  }

  void show() {
    stage.show();
    stage.toFront();
  }

  javafx.stage.Stage stage() {
    return stage;
  }
}
