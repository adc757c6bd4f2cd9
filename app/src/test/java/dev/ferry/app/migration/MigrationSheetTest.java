package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationEngine.Checked;
import dev.ferry.app.migration.MigrationEngine.StrategyOption;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The sheet as a person sees it (TestFX under Monocle): rows, greyed strategies, Migrate, the outcome. */
@ExtendWith(ApplicationExtension.class)
class MigrationSheetTest {
  private static final ContainerRef COUNTER = new ContainerRef("ferry-a", "counter", "runc");

  @TempDir
  Path reports;

  private MigrationSheet open(FxRobot robot, ScriptedEngine engine) {
    MigrationSheet[] sheet = new MigrationSheet[1];
    robot.interact(() -> {
      MigrationViewModel vm = new MigrationViewModel(COUNTER, "ferry-b", engine, new CurrentThreadTaskExecutor(), new ReportStore(reports),
          System::nanoTime, new MigrationViewModel.Observer() {
            @Override
            public void started(InFlight move) {}

            @Override
            public void ended(InFlight move, MigrationReport report) {}
          });
      sheet[0] = new MigrationSheet(vm, null);
      sheet[0].show();
      vm.check();
    });
    WaitForAsyncUtils.waitForFxEvents();
    try {
      // The sheet scrolls: its content joins the scene graph once the scroll pane's skin is built, on a pulse.
      WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> robot.lookup("#migrate-button").tryQuery().isPresent());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the sheet did not show its buttons", e);
    }
    return sheet[0];
  }

  private static Checked checked(PreflightCheck... checks) {
    return new Checked(List.of(checks), new StrategyChoice(Strategy.POST_COPY, "both hosts have userfaultfd"), List.of(
        new StrategyOption(Optional.empty(), true, "post-copy: both hosts have userfaultfd"),
        new StrategyOption(Optional.of(Strategy.PRE_COPY), false, "ferry-a has no memory dirty tracking (soft-dirty)"),
        new StrategyOption(Optional.of(Strategy.STOP_AND_COPY), true, "works everywhere")));
  }

  @Test
  void aFailedRowKeepsMigrateDisabledAndAnImpossibleStrategyIsGreyed(FxRobot robot) {
    open(robot, new ScriptedEngine(checked(PreflightCheck.pass("CRIU on ferry-b", "CRIU 4.2.1"),
        PreflightCheck.fail("name", "ferry-b already has a container named counter. Remove or rename it there first."))));

    assertThat(robot.lookup("#migrate-button").queryAs(Button.class).isDisabled()).isTrue();
    assertThat(robot.lookup("#strategy-pre-copy").queryAs(RadioButton.class).isDisabled()).isTrue();
    assertThat(robot.lookup(".check-row").queryAll()).hasSize(2);
    assertThat(robot.lookup("ferry-b already has a container named counter. Remove or rename it there first.").tryQuery()).isPresent();
  }

  @Test
  void migrateRunsAndTheOutcomeAndCriusWordsAreShown(FxRobot robot) {
    ScriptedEngine engine = new ScriptedEngine(checked(PreflightCheck.pass("CRIU on ferry-b", "CRIU 4.2.1"),
        PreflightCheck.warn("rsync", "rsync is missing on ferry-b")));
    engine.onMigrate(l -> Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "CRIU could not restore counter on ferry-b.",
        "The container was brought back on ferry-a.", "Error (criu/cr-restore.c:2000): Can't open core-1.img"));
    open(robot, engine);

    assertThat(robot.lookup("#migrate-button").queryAs(Button.class).isDisabled()).as("a warning does not block").isFalse();
    robot.clickOn("#migrate-button");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(robot.lookup("#headline").queryAs(Label.class).getText()).isEqualTo("counter did not move: the migration failed and was rolled back");
    assertThat(robot.lookup("#explanation").queryAs(Label.class).getText()).contains("counter runs on ferry-a (both hosts asked afterwards");
    assertThat(robot.lookup("#details").query().isVisible()).isTrue();
    assertThat(robot.lookup("#close-button").query().isVisible()).isTrue();
  }
}
