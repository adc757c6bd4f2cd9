package dev.ferry.e2e.appmigration;

import dev.ferry.app.AppOptions;
import dev.ferry.app.FerryApp;
import dev.ferry.app.hosts.ContainerCardView;
import dev.ferry.app.migration.MigrationFeature;
import dev.ferry.e2e.lab.Lab;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ferry's real main window on the lab, for the migration tests: started through FerryApp with the
 * lab's ssh config and both lab hosts, reports in a folder of the test's own, and helpers that wait
 * for what a person would wait for (a card in a pane, the sheet's checks, its end).
 */
final class FerryWindow implements AutoCloseable {
  private final FerryApp app;
  private final Stage stage;
  final FxRobot robot = new FxRobot();

  private FerryWindow(FerryApp app, Stage stage) {
    this.app = app;
    this.stage = stage;
  }

  static FerryWindow open(Lab lab, Path reports, Path configDir) throws Exception {
    Stage stage = FxToolkit.registerPrimaryStage();
    AppOptions options = new AppOptions(List.of(lab.sshConfig()), List.of("ferry-a", "ferry-b"), false, false, configDir,
        Optional.of(reports), Optional.empty(), Optional.empty(), false);
    FerryApp app = (FerryApp) FxToolkit.setupApplication(() -> new FerryApp(options));
    FerryWindow w = new FerryWindow(app, stage);
    w.awaitCard("ferry-a", "counter");
    return w;
  }

  MigrationFeature migration() {
    return MigrationFeature.of(stage).orElseThrow(() -> new AssertionError("the main window has no migration feature"));
  }

  Stage stage() {
    return stage;
  }

  /** Waits until {@code host}'s pane shows a real (not ghost, not migrating) card for {@code ct}. */
  void awaitCard(String host, String ct) throws TimeoutException {
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> card(host, ct).map(c -> !c.getStyleClass().contains("ghost")
        && !c.getStyleClass().contains("migrating")).orElse(false));
  }

  void awaitNoCard(String host, String ct) throws TimeoutException {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> card(host, ct).isEmpty());
  }

  Optional<ContainerCardView> card(String host, String ct) {
    return robot.lookup("#card-" + host + "-" + ct).tryQueryAs(ContainerCardView.class);
  }

  /** Waits until the open sheet's fresh checks are in, then returns whether Migrate is enabled. */
  boolean awaitChecks() throws TimeoutException {
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#sheet-stage").tryQueryAs(Label.class)
        .map(l -> !l.getText().startsWith("Running")).orElse(false));
    return !robot.lookup("#migrate-button").queryAs(Button.class).isDisabled();
  }

  /** Waits until the open sheet shows the migration's end; returns the headline. */
  String awaitEnd() throws TimeoutException {
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#close-button").tryQueryAs(Button.class)
        .map(Button::isVisible).orElse(false));
    return text("#headline");
  }

  String text(String query) {
    return robot.lookup(query).queryAs(Label.class).getText();
  }

  TableView<?> historyTable() {
    return robot.lookup("#history-table").queryAs(TableView.class);
  }

  void closeSheet() {
    robot.lookup("#close-button").tryQueryAs(Button.class).ifPresent(b -> robot.interact(b::fire));
    robot.lookup("#cancel-button").tryQueryAs(Button.class).filter(Node::isVisible).ifPresent(b -> robot.interact(b::fire));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Override
  public void close() throws Exception {
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
  }
}
