package dev.ferry.app.migration;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The phase timeline: one row per phase, filling as the phases run, with each phase's time and bytes. */
final class PhaseTimeline {
  private final GridPane grid = new GridPane();
  private final ObservableList<PhaseRow> rows;

  PhaseTimeline(ObservableList<PhaseRow> rows) {
    this.rows = rows;
    grid.setId("timeline");
    grid.setHgap(10);
    grid.setVgap(4);
    ColumnConstraints bar = new ColumnConstraints();
    bar.setHgrow(Priority.ALWAYS);
    ColumnConstraints right = new ColumnConstraints();
    right.setHalignment(HPos.RIGHT);
    grid.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(270), bar, right, right);
    rows.addListener((ListChangeListener<PhaseRow>) c -> rebuild());
    rebuild();
  }

  Region node() {
    return grid;
  }

  private void rebuild() {
    grid.getChildren().clear();
    int i = 0;
    for (PhaseRow row : rows) {
      Label mark = new Label();
      mark.textProperty().bind(Bindings.createStringBinding(() -> switch (row.state()) {
        case WAITING -> "·";
        case RUNNING -> "▶";
        case DONE -> "✔";
        case FAILED -> "✖";
        case SKIPPED -> "–";
      }, row.stateProperty()));
      Label name = new Label(row.phase().label() + (row.phase().frozen() ? " (frozen)" : ""));
      name.setUserData(row.phase());
      ProgressBar bar = new ProgressBar(0);
      bar.setMaxWidth(Double.MAX_VALUE);
      bar.progressProperty().bind(Bindings.createDoubleBinding(() -> switch (row.state()) {
        case RUNNING -> ProgressBar.INDETERMINATE_PROGRESS;
        case DONE, FAILED -> 1.0;
        default -> 0.0;
      }, row.stateProperty()));
      row.stateProperty().addListener((obs, was, now) -> style(bar, now));
      style(bar, row.state());
      Label time = new Label();
      time.textProperty().bind(Bindings.createStringBinding(() -> row.state() == PhaseRow.State.DONE ? row.millisProperty().get() + " ms" : "",
          row.stateProperty(), row.millisProperty()));
      Label bytes = new Label();
      bytes.textProperty().bind(Bindings.createStringBinding(() -> row.bytesProperty().get() > 0 ? OutcomeWords.size(row.bytesProperty().get()) : "",
          row.bytesProperty()));
      name.setId("phase-" + row.phase().name());
      time.setId("phase-time-" + row.phase().name());
      grid.addRow(i++, mark, name, bar, time, bytes);
    }
  }

  private static void style(ProgressBar bar, PhaseRow.State state) {
    bar.getStyleClass().removeAll("success", "danger");
    if (state == PhaseRow.State.DONE) {
      bar.getStyleClass().add("success");
    } else if (state == PhaseRow.State.FAILED) {
      bar.getStyleClass().add("danger");
    }
  }
}
