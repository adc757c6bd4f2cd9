package dev.ferry.e2e.appmigration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.history.HistoryRow;
import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The screenshots in docs/, from real migrations on the lab in Ferry's main window. Runs only with
 * -Dferry.screenshots=DIR (under xvfb-run with -Dtestfx.headless=false for the whole-screen picture).
 * The migration in progress is the 64 MiB memory container, stop-and-copy over ferry-b's link shaped
 * to 80 Mbit/s: its frozen copy then takes seconds, long enough to catch the timeline mid-way. The
 * shaping is restored afterwards, and both sample containers end on ferry-a.
 */
@RequiresLab
class MigrationScreenshotsLabTest {
  static {
    FxHeadless.configure();
  }

  private static final String SLOW_LINK = "rate 80mbit";

  @RegisterExtension
  static final LabSession session = new LabSession();

  private static FerryWindow window;

  @BeforeAll
  static void openFerry() throws Exception {
    Assumptions.assumeTrue(Screenshots.wanted(), "screenshots only with -Dferry.screenshots=DIR");
    DragToMigrateLabTest.assertRunsOnlyOn("counter", session.a(), session.b());
    DragToMigrateLabTest.assertRunsOnlyOn("memory", session.a(), session.b());
    window = FerryWindow.open(session.lab());
    window.atOrigin();
  }

  @AfterAll
  static void closeFerry() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  @Test
  void aGreyedTargetWithItsReason() throws Exception {
    assertThat(session.b().exec(dev.ferry.engine.ssh.Command.of("runc", "state", "counter")).exitCode()).isNotZero();
    session.lab().startContainer("ferry-b", "counter", "counter");
    try {
      window.awaitCard("ferry-b", "counter");
      window.robot.drag(window.grip("ferry-a", "counter"), MouseButton.PRIMARY).moveTo("#pane-ferry-b");
      String verdict = window.verdictWhileOver("ferry-b");
      Screenshots.save(window.stage().getScene(), "greyed-target");
      window.robot.drop();
      assertThat(verdict).isEqualTo("Cannot take it: name clash: counter exists on ferry-b");
    } finally {
      // Only the clash container made above: the real counter runs on ferry-a (checked before making it).
      dev.ferry.e2e.lab.LabContainers.remove(session.b(), "counter");
    }
    window.awaitNoCard("ferry-b", "counter");
  }

  @Test
  void migrationInProgressThenTheFreezeChartsAfterSixMigrations() throws Exception {
    String shape = currentShape("ferry-b");
    Lab.sh("shape", "ferry-b", SLOW_LINK).orFail("shape ferry-b");
    try {
      window.awaitCard("ferry-a", "memory");
      window.robot.drag(window.grip("ferry-a", "memory"), MouseButton.PRIMARY).dropTo("#pane-ferry-b");
      assertThat(window.awaitChecks()).isTrue();
      placeSheetRight();
      WaitForAsyncUtils.waitForFxEvents();
      window.chooseStrategy("stop-and-copy");
      window.fireMigrate();
      // Caught while frozen, a second or more into the copy of the dump.
      WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> frozenSeconds() >= 1.5);
      Screenshots.screen("migration-progress");
      String headline = window.awaitEnd();
      assertThat(headline).as(window.text("#explanation")).startsWith("moved in");
      System.out.println("memory A->B shaped, stop-and-copy: " + headline);
      window.closeSheet();
    } finally {
      Lab.sh("shape", "ferry-b", shape).orFail("restore the shaping of ferry-b");
    }
    move("memory", "ferry-b", "ferry-a", "auto");
    move("counter", "ferry-a", "ferry-b", "auto");
    move("counter", "ferry-b", "ferry-a", "stop-and-copy");
    move("counter", "ferry-a", "ferry-b", "post-copy");
    move("counter", "ferry-b", "ferry-a", "stop-and-copy");
    DragToMigrateLabTest.assertRunsOnlyOn("counter", session.a(), session.b());
    DragToMigrateLabTest.assertRunsOnlyOn("memory", session.a(), session.b());

    TableView<?> table = window.historyTable();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
    assertThat(table.getItems()).allSatisfy(r -> assertThat(((HistoryRow) r).frozenMillis()).isPositive());
    window.robot.interact(() -> {
      historySplit().setDividerPositions(0.42);
      table.getSelectionModel().select(0);
    });
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(500);
    Screenshots.save(window.stage().getScene(), "freeze-history");
  }

  private void move(String ct, String from, String to, String strategy) throws Exception {
    window.awaitCard(from, ct);
    window.robot.drag(window.grip(from, ct), MouseButton.PRIMARY).dropTo("#pane-" + to);
    assertThat(window.awaitChecks()).isTrue();
    window.chooseStrategy(strategy);
    window.fireMigrate();
    String headline = window.awaitEnd();
    assertThat(headline).as(window.text("#explanation")).startsWith("moved in");
    System.out.println(ct + " " + from + " -> " + to + " (" + strategy + "): " + headline);
    window.closeSheet();
    window.awaitCard(to, ct);
  }

  private double frozenSeconds() {
    String t = window.robot.lookup("#stopwatch").tryQueryAs(javafx.scene.control.Label.class).map(l -> l.getText()).orElse("");
    if (!t.contains("(frozen now)")) {
      return 0;
    }
    return Double.parseDouble(t.replace("frozen ", "").replaceAll(" s.*", "").trim());
  }

  private void placeSheetRight() {
    window.robot.interact(() -> {
      for (Window w : Window.getWindows()) {
        if (w instanceof Stage s && s != window.stage() && s.getScene() != null && s.getScene().lookup("#migration-sheet") != null) {
          s.setX(window.stage().getWidth() - s.getWidth() - 20);
          s.setY(90);
        }
      }
    });
  }

  private SplitPane historySplit() {
    Node history = window.robot.lookup("#history-view").query();
    return window.robot.lookup(".split-pane").queryAllAs(SplitPane.class).stream()
        .filter(p -> p.getOrientation() == Orientation.VERTICAL && p.getItems().stream().anyMatch(item -> holds(item, history))).findFirst()
        .orElseThrow(() -> new AssertionError("no split pane holds the history"));
  }

  // Whether n is item or inside it (the history sits in a tab beside the checkpoints, inside the split's item).
  private static boolean holds(Node item, Node n) {
    for (Node x = n; x != null; x = x.getParent()) {
      if (x == item) {
        return true;
      }
    }
    return false;
  }

  /** The host's link shaping as the lab reports it, without the lab's note on how it is done. */
  private static String currentShape(String host) throws Exception {
    JsonNode status = new ObjectMapper().readTree(Lab.sh("status", "--json").stdout());
    for (JsonNode h : status.get("hosts")) {
      if (h.get("name").asText().equals(host)) {
        return h.get("shape").asText().replaceAll("\\s*\\(.*\\)$", "").toLowerCase(Locale.ROOT);
      }
    }
    throw new AssertionError("lab status has no host " + host);
  }
}
