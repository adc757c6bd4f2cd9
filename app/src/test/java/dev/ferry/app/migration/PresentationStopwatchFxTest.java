package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Presentation mode's big stopwatch: shown only in the mode and during a migration, with that migration's stopwatch. */
@ExtendWith(ApplicationExtension.class)
class PresentationStopwatchFxTest {
  private final LiveFreeze live = new LiveFreeze();
  private final SimpleBooleanProperty presenting = new SimpleBooleanProperty();
  private final long[] nanos = {0};
  private final FreezeStopwatch stopwatch = new FreezeStopwatch(() -> nanos[0]);
  private final Object migration = new Object();

  @Start
  void start(Stage stage) {
    stage.setScene(new Scene(new StackPane(new PresentationStopwatch(live, presenting).node()), 600, 300));
    stage.show();
  }

  @Test
  void showsTheRunningMigrationsFreezeOnlyInPresentationMode(FxRobot robot) {
    Label big = robot.lookup("#presentation-stopwatch").queryAs(Label.class);
    robot.interact(() -> live.follow(migration, "counter", stopwatch));
    assertThat(big.isVisible()).as("not in presentation mode").isFalse();

    robot.interact(() -> presenting.set(true));
    assertThat(big.isVisible()).isTrue();
    robot.interact(() -> {
      stopwatch.start();
      nanos[0] = 412_000_000L;
      live.tick();
    });
    assertThat(big.getText()).isEqualTo("counter: frozen 0.412 s  (frozen now)");
    assertThat(big.getPseudoClassStates()).anyMatch(p -> p.getPseudoClassName().equals("frozen"));

    robot.interact(() -> {
      stopwatch.stop();
      live.ended(migration);
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(big.isVisible()).as("the migration ended").isFalse();
  }
}
