package dev.ferry.e2e.appmigration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.history.HistoryRow;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 8's drag-to-migrate acceptance on the real lab, in Ferry's real main window (TestFX, headless
 * under Monocle; drag and drop within one window works there). Every outcome is checked by asking
 * both hosts; every test leaves the counter container running on ferry-a, as the lab had it.
 */
@RequiresLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DragToMigrateLabTest {
  static {
    FxHeadless.configure();
  }

  @RegisterExtension
  static final LabSession session = new LabSession();

  private static FerryWindow window;
  // Armed by the failure test only: breaks the images on the destination just before the restore.
  private static final AtomicBoolean breakRestore = new AtomicBoolean();
  private static final List<MigrationReport> ended = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void openFerry() throws Exception {
    assertRunsOnlyOn("counter", session.a(), session.b());
    window = FerryWindow.open(session.lab());
    window.migration().addEndListener(ended::add);
    window.migration().addEngineListener(new MigrationListener() {
      @Override
      public void phaseFinished(String id, Phase phase, Duration took, long bytes) {
        if (phase == Phase.COPY_DUMP && breakRestore.get()) {
          session.b().exec(Command.of("rm", "-f", "/var/lib/ferry/work/counter-" + id + "/img/core-1.img"));
        }
      }
    });
  }

  @AfterAll
  static void closeFerry() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  @AfterEach
  void counterBackOnA() throws Exception {
    breakRestore.set(false);
    window.closeSheet();
    if (session.b().exec(Command.of("runc", "state", "counter")).stdout().contains("\"running\"")
        && session.a().exec(Command.of("runc", "state", "counter")).exitCode() != 0) {
      dragAndMigrate("ferry-b", "ferry-a");
    }
    assertRunsOnlyOn("counter", session.a(), session.b());
  }

  @Test
  @Order(1)
  void draggingTheCounterCardOntoPaneBMovesItThereAndAddsAHistoryRowWithItsFrozenTime() throws Exception {
    int rowsBefore = window.historyTable().getItems().size();
    ended.clear();

    window.robot.drag(window.grip("ferry-a", "counter"), MouseButton.PRIMARY).moveTo("#pane-ferry-b");
    String verdict = window.verdictWhileOver("ferry-b");
    boolean highlighted = window.robot.lookup("#pane-ferry-b").query().getPseudoClassStates().contains(PseudoClass.getPseudoClass("drop-accept"));
    window.robot.drop();
    assertThat(verdict).startsWith("Drop to move here");
    assertThat(highlighted).as("pane B highlighted while the card is over it").isTrue();

    assertThat(window.awaitChecks()).as("fresh pre-flight passes on the lab").isTrue();
    window.robot.clickOn("#migrate-button");
    // While it runs: "migrating" on the source card, a ghost on the destination.
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.card("ferry-a", "counter")
        .map(c -> c.getPseudoClassStates().contains(PseudoClass.getPseudoClass("migrating"))).orElse(false)
        && window.card("ferry-b", "counter").map(c -> c.getPseudoClassStates().contains(PseudoClass.getPseudoClass("ghost"))).orElse(false));
    String headline = window.awaitEnd();
    assertThat(headline).as(window.text("#explanation")).startsWith("moved in").contains("frozen");

    window.awaitCard("ferry-b", "counter");
    window.awaitNoCard("ferry-a", "counter");
    assertRunsOnlyOn("counter", session.b(), session.a());
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.historyTable().getItems().size() == rowsBefore + 1);
    HistoryRow row = (HistoryRow) window.historyTable().getItems().get(0);
    assertThat(row.container()).isEqualTo("counter");
    assertThat(row.from()).isEqualTo("ferry-a");
    assertThat(row.to()).isEqualTo("ferry-b");
    assertThat(row.outcome()).isEqualTo("migrated");
    assertThat(row.frozenMillis()).as("frozen time in the history row").isPositive();
    assertThat(ended).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED));
    // The notification says the same as the sheet's headline, in a popup of its own.
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.robot.lookup((Node n) -> n instanceof Labeled l && headline.equals(l.getText()))
        .queryAll().size() >= 2);
    System.out.println("drag A->B: " + headline + "; history row frozen " + row.frozenMillis() + " ms");
  }

  @Test
  @Order(2)
  void aHostWithAContainerOfTheSameNameIsGreyedWithTheReasonAndNothingMoves() throws Exception {
    assertThat(session.b().exec(Command.of("runc", "state", "counter")).exitCode()).as("no counter on ferry-b before the test").isNotZero();
    session.lab().startContainer("ferry-b", "counter", "counter");
    try {
      window.awaitCard("ferry-b", "counter");

      window.robot.drag(window.grip("ferry-a", "counter"), MouseButton.PRIMARY).moveTo("#pane-ferry-b");
      String verdict = window.verdictWhileOver("ferry-b");
      Node paneB = window.robot.lookup("#pane-ferry-b").query();
      boolean greyed = paneB.getPseudoClassStates().contains(PseudoClass.getPseudoClass("drop-refuse"));
      Screenshots.save(paneB.getScene(), "greyed-target");
      window.robot.drop();
      WaitForAsyncUtils.waitForFxEvents();

      assertThat(verdict).isEqualTo("Cannot take it: name clash: counter exists on ferry-b");
      assertThat(greyed).as("pane B greyed").isTrue();
      assertThat(window.robot.lookup("#migration-sheet").tryQuery()).as("no sheet opens on a refusing pane").isEmpty();
      assertThat(window.migration().inFlight()).isEmpty();
      assertThat(session.a().exec(Command.of("runc", "state", "counter")).stdout()).contains("\"running\"");
      assertThat(session.b().exec(Command.script("ls /var/lib/ferry/work | grep -c '^counter-' || true")).stdout().strip())
          .as("no migration work folder on ferry-b").isEqualTo("0");
    } finally {
      // Only the clash container made above: the real counter runs on ferry-a (checked before making it).
      LabContainers.remove(session.b(), "counter");
    }
    window.awaitNoCard("ferry-b", "counter");
  }

  @Test
  @Order(3)
  void aFailedRestoreSaysSoInPlainWordsAndLeavesTheCardAndTheContainerOnA() throws Exception {
    breakRestore.set(true);
    window.robot.drag(window.grip("ferry-a", "counter"), MouseButton.PRIMARY).dropTo("#pane-ferry-b");
    assertThat(window.awaitChecks()).isTrue();
    window.chooseStrategy("stop-and-copy");
    window.robot.clickOn("#migrate-button");
    String headline = window.awaitEnd();
    String explanation = window.text("#explanation");

    assertThat(headline).isEqualTo("counter did not move: the migration failed and was rolled back");
    assertThat(explanation).contains("checkpoint files were not found").contains("counter runs on ferry-a (both hosts asked afterwards");
    assertThat(window.robot.lookup("#details").query().isVisible()).as("CRIU's log behind Details").isTrue();
    assertThat(window.robot.lookup("#details-log").queryTextInputControl().getText()).isNotBlank();
    window.closeSheet();
    window.awaitCard("ferry-a", "counter");
    assertThat(window.card("ferry-b", "counter")).isEmpty();
    assertRunsOnlyOn("counter", session.a(), session.b());
    System.out.println("failed restore: " + headline + " | " + explanation.replace('\n', ' '));
  }

  @Test
  @Order(4)
  void moveToFromTheKeyboardMovesTheCounterAndBack() throws Exception {
    moveByKeyboard(KeyCode.DIGIT1, "ferry-a", "ferry-b");
    window.awaitCard("ferry-b", "counter");
    assertRunsOnlyOn("counter", session.b(), session.a());
    moveByKeyboard(KeyCode.DIGIT2, "ferry-b", "ferry-a");
    window.awaitCard("ferry-a", "counter");
    assertRunsOnlyOn("counter", session.a(), session.b());
  }

  /** Shortcut+N focuses pane N's first card; Tab to the counter card; Shift+F10 opens its menu; Move to ▸ host; Enter migrates and closes. */
  private void moveByKeyboard(KeyCode pane, String from, String to) throws Exception {
    window.robot.press(KeyCode.SHORTCUT, pane).release(pane, KeyCode.SHORTCUT);
    String wanted = "card-" + from + "-counter";
    for (int i = 0; i < 10 && !focusedId().equals(wanted); i++) {
      window.robot.type(KeyCode.TAB);
    }
    assertThat(focusedId()).isEqualTo(wanted);
    window.robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
    // The menu opens with "Move to" focused: RIGHT opens it.
    window.robot.type(KeyCode.RIGHT);
    // Enter only once the submenu shows (a second menu open): before that it would act on "Move to" itself.
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.robot.lookup("#move-to-" + to).tryQuery().isPresent()
        || window.robot.lookup(".context-menu").queryAll().size() >= 2);
    WaitForAsyncUtils.waitForFxEvents();
    window.robot.type(KeyCode.ENTER);
    assertThat(window.awaitChecks()).isTrue();
    window.robot.type(KeyCode.ENTER);
    String headline = window.awaitEnd();
    assertThat(headline).as(window.text("#explanation")).startsWith("moved in");
    window.robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.robot.lookup("#migration-sheet").tryQuery().isEmpty());
    System.out.println("keyboard " + from + " -> " + to + ": " + headline);
  }

  private String focusedId() {
    Node n = window.stage().getScene().getFocusOwner();
    return n == null || n.getId() == null ? "" : n.getId();
  }

  private static void dragAndMigrate(String from, String to) throws Exception {
    window.awaitCard(from, "counter");
    window.robot.drag(window.grip(from, "counter"), MouseButton.PRIMARY).dropTo("#pane-" + to);
    assertThat(window.awaitChecks()).isTrue();
    window.robot.clickOn("#migrate-button");
    assertThat(window.awaitEnd()).startsWith("moved in");
    window.closeSheet();
    window.awaitCard(to, "counter");
  }

  /** Asks both hosts: running on {@code on}, unknown to runc on {@code notOn}. */
  static void assertRunsOnlyOn(String ct, SshHost on, SshHost notOn) {
    assertThat(on.exec(Command.of("runc", "state", ct)).stdout()).as(ct + " running on " + on.name()).contains("\"running\"");
    assertThat(notOn.exec(Command.of("runc", "state", ct)).exitCode()).as(ct + " must not exist on " + notOn.name()).isNotZero();
  }
}
