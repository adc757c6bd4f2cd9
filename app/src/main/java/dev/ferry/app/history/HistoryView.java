package dev.ferry.app.history;

import dev.ferry.app.main.SaveAsQuestion;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The freeze charts above the history table and the selected report; binds to {@link HistoryViewModel}.
 * Exports ask where through the {@link SaveAsQuestion} it is given.
 */
public final class HistoryView {
  private final BorderPane root = new BorderPane();
  private final SaveAsQuestion saveAs;

  public HistoryView(HistoryViewModel vm, SaveAsQuestion saveAs) {
    this.saveAs = saveAs;
    FreezeCharts charts = new FreezeCharts(vm);
    charts.bars().setMinSize(200, 150);
    charts.history().setMinSize(200, 150);
    exportMenu(charts.bars(), vm, HistoryViewModel.Chart.BARS, "frozen-phases");
    exportMenu(charts.history(), vm, HistoryViewModel.Chart.HISTORY, "frozen-time");

    TableView<HistoryRow> table = new TableView<>(vm.rows());
    table.setId("history-table");
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.getColumns().add(column("time", HistoryRow::time));
    table.getColumns().add(column("container", HistoryRow::container));
    table.getColumns().add(column("from", HistoryRow::from));
    table.getColumns().add(column("to", HistoryRow::to));
    table.getColumns().add(column("strategy", HistoryRow::strategy));
    table.getColumns().add(column("total", r -> r.totalMillis() + " ms"));
    table.getColumns().add(column("frozen", r -> r.frozenMillis() > 0 ? r.frozenMillis() + " ms" : "-"));
    table.getColumns().add(column("client saw", r -> r.clientGapMillis() >= 0 ? r.clientGapMillis() + " ms" : "-"));
    table.getColumns().add(column("bytes", r -> String.format(java.util.Locale.ROOT, "%,d", r.bytes())));
    table.getColumns().add(column("outcome", HistoryRow::outcome));
    table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> vm.selectedProperty().set(now));
    vm.selectedProperty().addListener((obs, was, now) -> {
      if (now != table.getSelectionModel().getSelectedItem()) {
        table.getSelectionModel().select(now);
      }
    });

    TextArea report = new TextArea();
    report.setId("history-report");
    report.setEditable(false);
    report.setStyle("-fx-font-family: monospace;");
    report.setPromptText("Select a migration to see its report.");
    report.textProperty().bind(vm.selectedReportProperty());

    // Side by side, so the history fits below the host panes: the two charts, then the table over the selected report.
    SplitPane tableAndReport = new SplitPane(table, report);
    tableAndReport.setOrientation(Orientation.VERTICAL);
    tableAndReport.setDividerPositions(0.6);
    SplitPane all = new SplitPane(charts.bars(), charts.history(), tableAndReport);
    all.setDividerPositions(0.27, 0.54);
    Label status = new Label();
    status.setId("history-status");
    status.textProperty().bind(vm.statusProperty());
    status.setPadding(new Insets(4, 8, 4, 8));
    root.setCenter(all);
    Button csv = new Button("Export CSV…");
    csv.setId("export-csv");
    csv.setTooltip(new javafx.scene.control.Tooltip("The history table as CSV, for spreadsheets (charts: right-click them for PNG or SVG)"));
    csv.setOnAction(e -> choose(csv, "ferry-history.csv", "CSV", "*.csv").ifPresent(vm::exportCsv));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bottom = new HBox(8, status, spacer, csv);
    bottom.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    bottom.setPadding(new Insets(0, 8, 0, 0));
    root.setBottom(bottom);
    root.setId("history-view");
  }

  /** Right-click on a chart: export it as PNG (its picture on screen) or SVG (drawn from its data); items export-png-NAME, export-svg-NAME. */
  private void exportMenu(javafx.scene.chart.Chart chart, HistoryViewModel vm, HistoryViewModel.Chart which, String name) {
    MenuItem png = new MenuItem("Export as PNG…");
    png.setId("export-png-" + name);
    png.setOnAction(e -> choose(chart, name + ".png", "PNG image", "*.png")
        .ifPresent(f -> vm.exportPng(dev.ferry.app.main.SceneSnapshot.of(chart), f)));
    MenuItem svg = new MenuItem("Export as SVG…");
    svg.setId("export-svg-" + name);
    svg.setOnAction(e -> choose(chart, name + ".svg", "SVG image", "*.svg").ifPresent(f -> vm.exportSvg(which, f)));
    ContextMenu menu = new ContextMenu(png, svg);
    chart.setOnContextMenuRequested(e -> menu.show(chart, e.getScreenX(), e.getScreenY()));
  }

  private java.util.Optional<java.nio.file.Path> choose(Node from, String name, String kind, String pattern) {
    return saveAs.ask(from.getScene() == null ? null : from.getScene().getWindow(), name, kind, pattern);
  }

  public Node node() {
    return root;
  }

  private static TableColumn<HistoryRow, String> column(String title, Function<HistoryRow, String> value) {
    TableColumn<HistoryRow, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }
}
