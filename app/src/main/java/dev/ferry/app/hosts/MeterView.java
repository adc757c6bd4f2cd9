package dev.ferry.app.hosts;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** One meter of a pane: its name and reading over a sparkline of the last minutes. */
public final class MeterView extends VBox {
  public MeterView(MeterViewModel vm) {
    super(2);
    getStyleClass().add("meter");
    Label name = new Label(vm.name());
    name.getStyleClass().add("meter-name");
    Label reading = new Label();
    reading.getStyleClass().add("meter-reading");
    reading.textProperty().bind(vm.reading());
    // A fixed width: a reading that changes length does not re-lay out the pane every second.
    reading.setMinWidth(190);
    reading.setPrefWidth(190);
    getChildren().addAll(name, reading, new Sparkline(vm.series(), vm.fixedMax(), 190, 30));
    setId("meter-" + vm.name().toLowerCase());
  }
}
