package dev.ferry.app.migration;

import dev.ferry.app.migration.AutopilotViewModel.Stage;
import dev.ferry.app.migration.AutopilotViewModel.Trip;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The autopilot's window: the other host, the interval and how many round trips (0: until stopped),
 * Start and Stop, what it is doing, and a chart of each move's frozen time as it grows. A thin view:
 * it binds to {@link AutopilotViewModel} and forwards clicks.
 */
final class AutopilotWindow {
  private final javafx.stage.Stage stage = new javafx.stage.Stage();

  AutopilotWindow(AutopilotViewModel vm, Window owner) {
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.initModality(Modality.NONE);
    stage.setTitle(vm.title());
    ChoiceBox<String> other = new ChoiceBox<>();
    other.setId("autopilot-host");
    other.getItems().setAll(vm.hosts());
    other.valueProperty().bindBidirectional(vm.otherHost());
    Spinner<Integer> interval = new Spinner<>(0, 3600, vm.intervalSeconds().get());
    interval.setId("autopilot-interval");
    interval.setEditable(true);
    interval.valueProperty().addListener((o, a, b) -> vm.intervalSeconds().set(b));
    Spinner<Integer> rounds = new Spinner<>(0, 1000, vm.roundTrips().get());
    rounds.setId("autopilot-rounds");
    rounds.setEditable(true);
    rounds.valueProperty().addListener((o, a, b) -> vm.roundTrips().set(b));
    var busy = vm.stage().isEqualTo(Stage.MOVING).or(vm.stage().isEqualTo(Stage.WAITING));
    other.disableProperty().bind(busy);
    interval.disableProperty().bind(busy);
    rounds.disableProperty().bind(busy);
    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(6);
    form.addRow(0, new Label("Move " + vm.container().name() + " between " + vm.container().host() + " and"), other);
    form.addRow(1, new Label("Seconds between moves"), interval);
    form.addRow(2, new Label("Round trips (0: until stopped)"), rounds);

    Label status = new Label();
    status.setId("autopilot-status");
    status.setWrapText(true);
    status.textProperty().bind(vm.status());

    NumberAxis x = new NumberAxis();
    x.setLabel("move");
    x.setMinorTickVisible(false);
    x.setForceZeroInRange(false);
    // Moves are counted: the axis labels only whole numbers, not the halves it places ticks at.
    x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(Number n) {
        return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : "";
      }

      @Override
      public Number fromString(String text) {
        return Long.valueOf(text);
      }
    });
    NumberAxis y = new NumberAxis();
    y.setLabel("frozen (ms)");
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId("autopilot-chart");
    chart.setTitle("Frozen time of each move");
    chart.setAnimated(false);
    XYChart.Series<Number, Number> series = new XYChart.Series<>();
    series.setName(vm.container().name());
    chart.getData().add(series);
    vm.trips().addListener((ListChangeListener<Trip>) c -> {
      while (c.next()) {
        c.getAddedSubList().forEach(t -> series.getData().add(new XYChart.Data<>(t.number(), t.frozenMillis())));
      }
    });

    Button startButton = new Button("Start");
    startButton.setId("autopilot-start");
    startButton.getStyleClass().add("accent");
    startButton.disableProperty().bind(busy);
    startButton.setOnAction(e -> vm.start());
    Button stopButton = new Button("Stop");
    stopButton.setId("autopilot-stop");
    stopButton.disableProperty().bind(busy.not());
    stopButton.setOnAction(e -> vm.stop());
    HBox buttons = new HBox(8, stopButton, startButton);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    BorderPane root = new BorderPane(chart, new VBox(10, form, status), null, buttons, null);
    root.setPadding(new Insets(14));
    BorderPane.setMargin(chart, new Insets(10, 0, 10, 0));
    root.setId("autopilot");
    stage.setScene(new Scene(root, 720, 560));
    stage.setOnHidden(e -> vm.close());
  }

  void show() {
    stage.show();
    stage.toFront();
  }

  javafx.stage.Stage stage() {
    return stage;
  }
}
