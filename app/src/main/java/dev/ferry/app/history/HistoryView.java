package dev.ferry.app.history;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;

/** The freeze charts above the history table and the selected report; binds to {@link HistoryViewModel}. */
public final class HistoryView {
  private final BorderPane root = new BorderPane();

  public HistoryView(HistoryViewModel vm) {
    FreezeCharts charts = new FreezeCharts(vm);
    charts.bars().setMinSize(200, 150);
    charts.history().setMinSize(200, 150);

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
    root.setBottom(status);
    root.setId("history-view");
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
