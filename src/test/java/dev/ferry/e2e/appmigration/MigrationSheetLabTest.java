package dev.ferry.e2e.appmigration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationFeature;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.FxTaskExecutor;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The migration sheet on the real lab, without the main window: the fresh pre-flight runs over SSH,
 * Migrate moves the counter container, the history gains its row, and a second sheet moves it back.
 */
@RequiresLab
class MigrationSheetLabTest {
  static {
    FxHeadless.configure();
  }

  @RegisterExtension
  static final LabSession session = new LabSession();

  @TempDir
  static Path reports;

  private static FxTaskExecutor executor;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
    executor = new FxTaskExecutor();
  }

  @AfterAll
  static void closeExecutor() {
    executor.close();
  }

  @Test
  void theSheetsFreshChecksAndMigrateMoveTheCounterAndBack() throws Exception {
    SshHost a = session.a();
    SshHost b = session.b();
    LabFacts facts = new LabFacts(List.of(a, b));
    assertThat(facts.containers("ferry-a")).extracting(c -> c.id()).contains("counter");
    List<MigrationReport> notified = new CopyOnWriteArrayList<>();
    MigrationFeature feature = new MigrationFeature(facts, executor, session.threads(), new ReportStore(reports));
    feature.setNotifier(notified::add);

    move(feature, new ContainerRef("ferry-a", "counter", "runc"), "ferry-b");
    try {
      // The sheet shows the end as the engine reports it; the notification follows once the report is saved.
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !notified.isEmpty());
      assertThat(notified).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED));
      assertThat(b.exec(Command.of("runc", "state", "counter")).stdout()).contains("\"running\"");
      assertThat(a.exec(Command.of("runc", "state", "counter")).exitCode()).isNotZero();
      assertThat(new ReportStore(reports).all()).singleElement().satisfies(r -> assertThat(r.freeze().totalFrozenMillis()).isPositive());
    } finally {
      facts.refresh();
      move(feature, new ContainerRef("ferry-b", "counter", "runc"), "ferry-a");
    }
    assertThat(a.exec(Command.of("runc", "state", "counter")).stdout()).contains("\"running\"");
  }

  private void move(MigrationFeature feature, ContainerRef ct, String to) throws Exception {
    robot.interact(() -> feature.requestMove(ct, to));
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#migrate-button").tryQueryAs(Button.class)
        .map(button -> !button.isDisabled()).orElse(false));
    robot.interact(() -> robot.lookup("#migrate-button").queryAs(Button.class).fire());
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#close-button").tryQueryAs(Button.class)
        .map(Button::isVisible).orElse(false));
    String headline = robot.lookup("#headline").queryAs(Label.class).getText();
    String explanation = robot.lookup("#explanation").queryAs(Label.class).getText();
    System.out.println(ct + " -> " + to + ": " + headline + " " + explanation);
    robot.interact(() -> robot.lookup("#close-button").queryAs(Button.class).fire());
    assertThat(headline).as(explanation).startsWith("moved in");
  }
}
