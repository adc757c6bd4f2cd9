package dev.ferry.app.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.main.SceneSnapshot;
import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.probe.CriuFeature;
import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** One host pane on screen: the readiness popover's findings and strategies, and a refused drop greyed with its reason. */
@ExtendWith(ApplicationExtension.class)
class HostPaneViewFxTest {
  private final HostFixtures.RecordingMoves moves = new HostFixtures.RecordingMoves();
  private final HostPaneViewModel pane = new HostPaneViewModel("ferry-a", "root@127.0.0.1:2221", moves);

  @Start
  void start(Stage stage) {
    pane.connected();
    pane.probed(HostFixtures.report(List.of(new Finding(Severity.WARNING, "no-soft-dirty", "The kernel cannot track dirty memory.",
        "Use a kernel built with CONFIG_MEM_SOFT_DIRTY.")), Set.of(CriuFeature.UFFD, CriuFeature.UFFD_NONCOOP)));
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, HostFixtures.T0)));
    stage.setScene(new Scene(new HostPaneView(pane, () -> { }), 700, 600));
    stage.show();
  }

  @Test
  void theReadinessMarkOpensThePopoverWithFindingsFixesAndStrategies(FxRobot robot) throws Exception {
    assertThat(robot.lookup("#readiness-ferry-a").queryLabeled().getText()).isEqualTo("◐ Limited");
    robot.clickOn("#readiness-ferry-a");
    WaitForAsyncUtils.waitForFxEvents();
    Window popover = Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
        && w.getScene().lookup("#readiness-details") != null).findFirst().orElseThrow(() -> new AssertionError("no popover"));
    String text = labels(popover.getScene().lookup("#readiness-details"));
    assertThat(text).contains("WARNING  The kernel cannot track dirty memory.").contains("Fix: Use a kernel built with CONFIG_MEM_SOFT_DIRTY.")
        .contains("✗ pre-copy").contains("✓ post-copy").contains("✓ stop-and-copy");
    SceneSnapshot shot = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> SceneSnapshot.of(popover.getScene())));
    assertThat(shot.width()).isGreaterThan(100);
    if (System.getProperty("ferry.snapshots") != null) {
      shot.writePng(Path.of(System.getProperty("ferry.snapshots"), "readiness-popover.png"));
    }
  }

  @Test
  void aRefusedDragGreysThePaneWithTheReasonOnIt(FxRobot robot) {
    moves.verdict = DropVerdict.refuse("no CRIU 4.2");
    robot.interact(() -> pane.showVerdict(new ContainerRef("ferry-b", "web", "runc")));
    Label verdict = robot.lookup("#verdict-ferry-a").queryAs(Label.class);
    assertThat(verdict.isVisible()).isTrue();
    assertThat(verdict.getText()).isEqualTo("Cannot take it: no CRIU 4.2");
    assertThat(robot.lookup("#pane-ferry-a").query().getPseudoClassStates()).contains(PseudoClass.getPseudoClass("drop-refuse"));
    robot.interact(pane::clearVerdict);
    assertThat(verdict.isVisible()).isFalse();
    assertThat(robot.lookup("#pane-ferry-a").query().getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("drop-refuse"), PseudoClass.getPseudoClass("drop-accept"));
  }

  @Test
  void fiftyContainersMakeCardsOnlyForWhatIsInViewAndEachShowsItsOwnContainer(FxRobot robot) {
    List<dev.ferry.engine.container.ContainerInfo> many = new java.util.ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      many.add(HostFixtures.container(String.format("ct-%02d", i), ContainerState.RUNNING, HostFixtures.T0));
    }
    robot.interact(() -> pane.containersListed(many));
    WaitForAsyncUtils.waitForFxEvents();

    List<ContainerCardView> shown = robot.lookup(".container-card").queryAllAs(ContainerCardView.class).stream()
        .filter(c -> c.viewModel() != null && c.isVisible()).toList();
    assertThat(pane.cards()).hasSize(50);
    assertThat(shown).as("cards made for the rows in view, not for all 50").hasSizeBetween(2, 20);
    assertThat(shown).allSatisfy(c -> assertThat(c.getId()).isEqualTo("card-ferry-a-" + c.viewModel().name()));
    assertThat(shown).extracting(c -> c.viewModel().name()).doesNotHaveDuplicates().contains("ct-01");

    // A state change reaches the card on screen through its binding, as a pseudo-class.
    robot.interact(() -> pane.containerSeen(HostFixtures.container("ct-01", ContainerState.PAUSED, HostFixtures.T0)));
    ContainerCardView first = robot.lookup("#card-ferry-a-ct-01").queryAs(ContainerCardView.class);
    assertThat(first.lookup(".card-state").getPseudoClassStates()).contains(PseudoClass.getPseudoClass("state-paused"))
        .doesNotContain(PseudoClass.getPseudoClass("state-running"));

    // The grid's rows are one fixed height: a migrating card, which has one more line, still fits in it.
    robot.interact(() -> pane.inFlight(List.of(new dev.ferry.app.migration.MigrationPort.InFlight(
        new ContainerRef("ferry-a", "ct-01", "runc"), "ferry-b"))));
    WaitForAsyncUtils.waitForFxEvents();
    double needed = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> first.prefHeight(ContainerCardView.WIDTH)));
    assertThat(first.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("migrating"));
    assertThat(needed).isLessThanOrEqualTo(ContainerCardView.HEIGHT);
  }

  private static String labels(Node root) {
    if (root instanceof Label l) {
      return l.getText();
    }
    return root instanceof Parent p ? p.getChildrenUnmodifiable().stream().map(HostPaneViewFxTest::labels).collect(Collectors.joining("\n")) : "";
  }
}
