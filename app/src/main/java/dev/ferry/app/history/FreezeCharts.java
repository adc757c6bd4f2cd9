package dev.ferry.app.history;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.Strategy;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;

/**
 * The two freeze charts, redrawn from the history's points: per migration a stacked bar of the frozen
 * phases (vzmigrate's rows) with the total, and over the history the frozen time per migration
 * coloured by strategy, with vzmigrate's 3.38 s as a labelled reference line. Times are the engine's
 * phase clock, in seconds.
 */
final class FreezeCharts {
  private static final List<Strategy> ORDER = List.of(Strategy.PRE_COPY, Strategy.POST_COPY, Strategy.STOP_AND_COPY);
  static final String REFERENCE_LABEL = String.format(Locale.ROOT, "vzmigrate -t (vzctl 4.7): %.2f s",
      HistoryViewModel.VZMIGRATE_FROZEN_MILLIS / 1000.0);

  /** The series of what watching clients saw, beside the frozen time of the same migrations. */
  static final String CLIENT_LABEL = "a client saw (longest gap)";

  private final HistoryViewModel vm;
  private final StackedBarChart<String, Number> bars;
  private final LineChart<Number, Number> history;

  FreezeCharts(HistoryViewModel vm) {
    this.vm = vm;
    CategoryAxis migrations = new CategoryAxis();
    NumberAxis seconds = new NumberAxis();
    seconds.setLabel("frozen (s)");
    bars = new StackedBarChart<>(migrations, seconds);
    bars.setId("freeze-bars");
    bars.setTitle(HistoryViewModel.BARS_TITLE);
    bars.setAnimated(false);
    bars.setCategoryGap(14);
    NumberAxis number = new NumberAxis();
    number.setLabel("migration");
    number.setForceZeroInRange(false);
    number.setMinorTickVisible(false);
    NumberAxis frozen = new NumberAxis();
    frozen.setLabel("frozen (s)");
    history = new LineChart<>(number, frozen);
    history.setId("freeze-history");
    history.setTitle(HistoryViewModel.HISTORY_TITLE);
    history.setAnimated(false);
    history.setCreateSymbols(true);
    vm.frozen().addListener((ListChangeListener<FrozenPoint>) c -> redraw());
    redraw();
  }

  StackedBarChart<String, Number> bars() {
    return bars;
  }

  LineChart<Number, Number> history() {
    return history;
  }

  private void redraw() {
    List<FrozenPoint> recent = vm.recentBars();
    bars.getData().setAll(List.of(
        series("freeze + dump", recent, FreezeTimeBreakdown::freezeAndDumpMillis),
        series("copy after freeze", recent, FreezeTimeBreakdown::copyAfterFreezeMillis),
        series("copy dump", recent, FreezeTimeBreakdown::copyDumpMillis),
        series("restore + resume", recent, FreezeTimeBreakdown::restoreAndResumeMillis)));
    bars.setTitle(recent.isEmpty() ? HistoryViewModel.BARS_TITLE + " (none yet)"
        : String.format(Locale.ROOT, HistoryViewModel.BARS_TITLE + "; last: %s, total %d ms", recent.get(recent.size() - 1).label(),
            recent.get(recent.size() - 1).freeze().totalFrozenMillis()));
    ObservableList<XYChart.Series<Number, Number>> data = javafx.collections.FXCollections.observableArrayList();
    for (Strategy s : ORDER) {
      XYChart.Series<Number, Number> series = new XYChart.Series<>();
      series.setName(s.label());
      vm.frozen().stream().filter(p -> p.strategy() == s)
          .forEach(p -> series.getData().add(new XYChart.Data<>(p.number(), p.freeze().totalFrozenMillis() / 1000.0)));
      data.add(series);
    }
    XYChart.Series<Number, Number> client = new XYChart.Series<>();
    client.setName(CLIENT_LABEL);
    vm.frozen().stream().filter(p -> p.clientGapMillis() >= 0)
        .forEach(p -> client.getData().add(new XYChart.Data<>(p.number(), p.clientGapMillis() / 1000.0)));
    data.add(client);
    XYChart.Series<Number, Number> reference = new XYChart.Series<>();
    reference.setName(REFERENCE_LABEL);
    int last = Math.max(2, vm.frozen().size());
    reference.getData().add(new XYChart.Data<>(1, HistoryViewModel.VZMIGRATE_FROZEN_MILLIS / 1000.0));
    reference.getData().add(new XYChart.Data<>(last, HistoryViewModel.VZMIGRATE_FROZEN_MILLIS / 1000.0));
    data.add(reference);
    history.setData(data);
    // Strategies and the client's gaps are points, not a trend; only the reference is a line.
    for (int i = 0; i <= ORDER.size(); i++) {
      XYChart.Series<Number, Number> s = data.get(i);
      if (s.getNode() != null) {
        s.getNode().setStyle("-fx-stroke: transparent;");
      }
    }
    reference.getData().forEach(d -> {
      if (d.getNode() != null) {
        d.getNode().setVisible(false);
      }
    });
    if (reference.getNode() != null) {
      reference.getNode().setStyle("-fx-stroke-dash-array: 8 6; -fx-stroke-width: 2;");
    }
  }

  private static XYChart.Series<String, Number> series(String name, List<FrozenPoint> points, ToLongFunction<FreezeTimeBreakdown> part) {
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    s.setName(name);
    for (FrozenPoint p : points) {
      s.getData().add(new XYChart.Data<>(p.label(), part.applyAsLong(p.freeze()) / 1000.0));
    }
    return s;
  }
}
