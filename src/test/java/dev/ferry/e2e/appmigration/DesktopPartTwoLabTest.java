package dev.ferry.e2e.appmigration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.checkpoints.CheckpointRow;
import dev.ferry.app.checkpoints.CheckpointsFeature;
import dev.ferry.app.checkpoints.CheckpointsViewModel;
import dev.ferry.app.evacuate.EvacuationFeature;
import dev.ferry.app.evacuate.EvacuationViewModel;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.migration.Migrations;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * Issue 12's acceptance on the real lab, in Ferry's real main window (TestFX, headless under Monocle):
 * a checkpoint taken from a card and restored on the other host from the list, an evacuation (plan
 * first; then with one container that cannot move), the autopilot's round trips, what a client saw
 * against an outside client, and an app started over a corrupt hosts file and a corrupt report. With
 * -Dferry.screenshots=DIR it also takes the pictures in docs/. Every test leaves counter, memory and
 * tcp-server running on ferry-a only, as the lab has them; each outcome is checked by asking the hosts.
 */
@RequiresLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopPartTwoLabTest {
  static {
    FxHeadless.configure();
  }

  private static final List<String> SAMPLES = List.of("counter", "memory", "tcp-server");
  private static final String CHECKPOINT = "e2e-" + LabContainers.uniqueName("cp");
  private static final String TCP_SERVICE = "10.87.100.10:7000";

  @RegisterExtension
  static final LabSession session = new LabSession();

  private static FerryWindow window;
  private static Path home;
  private static final List<MigrationReport> ended = new CopyOnWriteArrayList<>();
  private static final List<EvacuationViewModel> evacuations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void openFerryOverACorruptHostsFileAndACorruptReport() throws Exception {
    for (String ct : SAMPLES) {
      DragToMigrateLabTest.assertRunsOnlyOn(ct, session.a(), session.b());
    }
    home = Files.createTempDirectory("ferry-app-e2e");
    Files.createDirectories(home.resolve("config"));
    Files.createDirectories(home.resolve("reports"));
    Files.writeString(home.resolve("config/hosts.json"), "[{\"name\": \"ferry-a\", \"addr");
    Files.writeString(home.resolve("reports/2026-12-01T10-00-00Z-cut.json"), "{\"id\": \"cut\", \"container\": ");
    window = FerryWindow.open(session.lab(), home);
    window.migration().addEndListener(ended::add);
    feature(EvacuationFeature.class).onOpened(evacuations::add);
    window.atOrigin();
  }

  @AfterAll
  static void closeFerry() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  @AfterEach
  void samplesBackOnA() throws Exception {
    closeOtherWindows();
    AssertionError first = null;
    // Each sample is put back even when another could not be: one failure must not strand the rest on ferry-b.
    for (String ct : SAMPLES) {
      try {
        if (!running(session.a(), ct) && running(session.b(), ct)) {
          MigrationReport r = Migrations.migrate(session.b(), session.a(), ct, Optional.empty(), session.threads());
          assertThat(r.outcome()).as(ct + " back to ferry-a: " + r.failure()).isEqualTo(MigrationReport.Outcome.MIGRATED);
        }
        DragToMigrateLabTest.assertRunsOnlyOn(ct, session.a(), session.b());
      } catch (AssertionError e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  @Order(1)
  void aCorruptHostsFileAndACorruptReportAreSetAsideNamedAndTheAppWorks() throws Exception {
    Label banner = window.robot.lookup("#set-aside").queryAs(Label.class);
    assertThat(banner.isVisible()).isTrue();
    assertThat(banner.getText()).contains(home.resolve("config/hosts.json").toString()).contains("set aside as hosts.json.corrupt-")
        .contains("no remembered hosts");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.text("#history-status").contains("set aside"));
    assertThat(window.text("#history-status")).contains("2026-12-01T10-00-00Z-cut.json").contains("as 2026-12-01T10-00-00Z-cut.json.corrupt-");
    try (var files = Files.list(home.resolve("config"))) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("hosts.json.corrupt-"));
    }
    // It works: both hosts connected and list their containers; the tests after this one move them.
    window.awaitCard("ferry-a", "tcp-server");
    assertThat(window.robot.lookup("#connection-ferry-b").queryAs(Label.class).getText()).isEqualTo("connected");
  }

  @Test
  @Order(2)
  void theCounterCheckpointedFromItsCardRestoresOnTheOtherHostFromTheListAndContinues() throws Exception {
    String logFile = LabContainers.logOf("counter", "counter.log");
    try {
      window.cardMenu("ferry-a", "counter", "checkpoint-now");
      TextField name = window.inWindow("#checkpoint-name", TextField.class);
      window.robot.interact(() -> name.setText("has space"));
      assertThat(window.inWindow("#checkpoint-name-error", Label.class).getText()).contains("is not a valid checkpoint name");
      assertThat(window.inWindow("#checkpoint-take", Button.class).isDisabled()).isTrue();
      window.robot.interact(() -> name.setText(CHECKPOINT));
      window.robot.interact(() -> window.inWindow("#checkpoint-leave-running", CheckBox.class).setSelected(false));
      Button take = window.inWindow("#checkpoint-take", Button.class);
      assertThat(take.isDisabled()).isFalse();
      window.robot.interact(take::fire);
      CheckpointsViewModel list = feature(CheckpointsFeature.class).viewModel();
      WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> list.status().get().startsWith("Checkpoint " + CHECKPOINT));
      assertThat(list.status().get()).contains("counter is stopped");
      long ticksAtCheckpoint = TickLog.parse(LabContainers.readFile(session.a(), logFile)).lastSeq();
      assertThat(running(session.a(), "counter")).as("stopped by the checkpoint").isFalse();

      // The counter's card went with it; memory's card opens the same list, which shows every container of ferry-a.
      window.cardMenu("ferry-a", "memory", "show-checkpoints");
      window.robot.interact(() -> list.container().set(CheckpointsViewModel.ALL));
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> list.rows().stream().anyMatch(r -> r.name().equals(CHECKPOINT)));
      TableView<?> table = window.robot.lookup("#checkpoints-table").queryAs(TableView.class);
      CheckpointRow row = list.rows().stream().filter(r -> r.name().equals(CHECKPOINT)).findFirst().orElseThrow();
      assertThat(row.leftRunning()).isEqualTo("stopped");
      @SuppressWarnings("unchecked")
      TableView<CheckpointRow> rows = (TableView<CheckpointRow>) table;
      window.robot.interact(() -> rows.getSelectionModel().select(row));
      Screenshots.save(window.stage().getScene(), "checkpoints-list");
      MenuButton restoreOn = window.robot.lookup("#restore-on").queryAs(MenuButton.class);
      window.robot.interact(restoreOn::show);
      MenuItem onB = restoreOn.getItems().stream().filter(i -> "restore-on-ferry-b".equals(i.getId())).findFirst().orElseThrow();
      assertThat(onB.isDisable()).as(onB.getText()).isFalse();
      window.robot.interact(() -> {
        restoreOn.hide();
        onB.fire();
      });
      WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> list.status().get().startsWith("Restored "));
      window.awaitCard("ferry-b", "counter");
      assertThat(running(session.b(), "counter")).isTrue();
      TickLog after = LabContainers.awaitTicks(session.b(), "counter", System.currentTimeMillis(), 10);
      assertThat(after.starts()).as("no restart").isEqualTo(1);
      assertThat(after.contiguous()).as("the ticks carry on from the checkpoint").isTrue();
      assertThat(after.lastSeq()).as("ticking on ferry-b").isGreaterThan(ticksAtCheckpoint + 5);
      System.out.printf("checkpoint %s: counter stopped at tick %d on ferry-a, ticking on ferry-b at %d; %s%n", CHECKPOINT,
          ticksAtCheckpoint, after.lastSeq(), list.status().get());
    } finally {
      if (!running(session.a(), "counter") && running(session.b(), "counter")) {
        // A checkpoint that stopped its container leaves the bundle folder behind on ferry-a (runc removed the
        // container, not its files): gone, so the counter can move back.
        session.a().exec(Command.script("runc state counter >/dev/null 2>&1 || rm -rf /var/lib/ferry/containers/counter"));
      }
      new Checkpoints(session.a(), session.threads().io()).find(ContainerName.of("counter"), CHECKPOINT)
          .ifPresent(c -> new Checkpoints(session.a(), session.threads().io()).delete(ContainerName.of("counter"), CHECKPOINT));
      if (!running(session.a(), "counter") && !running(session.b(), "counter")) {
        // Never leave the lab without its counter: start it again where it was.
        session.lab().startContainer("ferry-a", "counter", "counter");
      }
    }
  }

  @Test
  @Order(3)
  void evacuatingFerryAShowsThePlanFirstThenEveryContainerRunsOnAnotherHost() throws Exception {
    EvacuationViewModel vm = openEvacuation("ferry-a");
    assertThat(vm.rows()).extracting(r -> r.container()).containsExactlyInAnyOrderElementsOf(SAMPLES);
    assertThat(vm.rows()).allSatisfy(r -> assertThat(r.verdict().get()).doesNotStartWith("blocked"));
    for (String ct : SAMPLES) {
      assertThat(running(session.a(), ct)).as(ct + " has not moved before the confirmation").isTrue();
    }
    Screenshots.save(window.sceneWith("#evacuation-sheet"), "evacuation-plan");
    window.robot.interact(() -> window.inWindow("#evacuate-confirm", Button.class).fire());
    WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.stage().get() == EvacuationViewModel.Stage.DONE);
    System.out.println("evacuate ferry-a: " + vm.summaryText().get());
    assertThat(vm.summary().get().moved()).hasSize(SAMPLES.size());
    for (String ct : SAMPLES) {
      DragToMigrateLabTest.assertRunsOnlyOn(ct, session.b(), session.a());
    }
    assertThat(vm.summary().get().outcomes()).allSatisfy(o -> assertThat(o.runningOn()).containsExactly("ferry-b"));
  }

  @Test
  @Order(4)
  void aContainerThatCannotMoveStaysOnFerryASaidPlainlyAndTheOthersMove() throws Exception {
    // memory cannot move: ferry-b runs a container of that name.
    session.lab().startContainer("ferry-b", "memory", "counter");
    try {
      window.awaitCard("ferry-b", "memory");
      EvacuationViewModel vm = openEvacuation("ferry-a");
      var memory = vm.rows().stream().filter(r -> r.container().equals("memory")).findFirst().orElseThrow();
      assertThat(memory.verdict().get()).startsWith("blocked: ").contains("memory");
      window.robot.interact(() -> window.inWindow("#evacuate-confirm", Button.class).fire());
      WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.stage().get() == EvacuationViewModel.Stage.DONE);
      System.out.println("evacuate ferry-a with memory unmovable: " + vm.summaryText().get());
      assertThat(vm.summaryText().get()).startsWith("2 of 3 containers moved off ferry-a.").contains("memory: stayed on ferry-a (");
      assertThat(memory.progress().get()).startsWith("stayed: ");
      assertThat(running(session.a(), "memory")).isTrue();
      DragToMigrateLabTest.assertRunsOnlyOn("counter", session.b(), session.a());
      DragToMigrateLabTest.assertRunsOnlyOn("tcp-server", session.b(), session.a());
    } finally {
      // Only the clash container made above: the real memory runs on ferry-a (checked before the test).
      LabContainers.remove(session.b(), "memory");
    }
  }

  @Test
  @Order(5)
  void autopilotMakesFiveRoundTripsStopsByItselfAndTheHistoryHasTenNewRows() throws Exception {
    int rowsBefore = window.historyTable().getItems().size();
    window.cardMenu("ferry-a", "counter", "autopilot-menu");
    @SuppressWarnings("unchecked")
    Spinner<Integer> rounds = window.inWindow("#autopilot-rounds", Spinner.class);
    @SuppressWarnings("unchecked")
    Spinner<Integer> interval = window.inWindow("#autopilot-interval", Spinner.class);
    @SuppressWarnings("unchecked")
    ChoiceBox<String> other = window.inWindow("#autopilot-host", ChoiceBox.class);
    window.robot.interact(() -> {
      rounds.getValueFactory().setValue(5);
      interval.getValueFactory().setValue(1);
      other.setValue("ferry-b");
    });
    window.robot.interact(() -> window.inWindow("#autopilot-start", Button.class).fire());
    Label status = window.inWindow("#autopilot-status", Label.class);
    WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> status.getText().startsWith("Done:") || status.getText().startsWith("Stopped"));
    Screenshots.save(window.sceneWith("#autopilot"), "autopilot");
    System.out.println("autopilot: " + status.getText());
    assertThat(status.getText()).isEqualTo("Done: 10 moves (5 round trips); counter runs on ferry-a.");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.historyTable().getItems().size() == rowsBefore + 10);
    DragToMigrateLabTest.assertRunsOnlyOn("counter", session.a(), session.b());
  }

  @Test
  @Order(6)
  void theClientSeenGapOfTheTcpServerIsMeasuredShownAndWithin100MsOfAnOutsideClient() throws Exception {
    Path clientLog = Files.createTempFile("ferry-outside-client", ".log");
    Process outside = null;
    try {
      // The outside client, in the lab's router namespace (a user on the LAN): like the engine's, a new connection
      // every 20 ms, a line sent, its answer timed; its own loop, its own clock readings, its own gap computed here.
      outside = new ProcessBuilder("nsenter", "--net=/run/netns/" + session.lab().name() + "-lab", "bash", "-c",
          "for i in $(seq 6000); do if exec 3<>/dev/tcp/10.87.100.10/7000; then echo hi >&3 && read -r -t 30 l <&3"
              + " && echo \"answer ${EPOCHREALTIME/./}\"; exec 3<&- 3>&-; fi; sleep 0.02; done 2>/dev/null")
          .redirectOutput(clientLog.toFile()).redirectErrorStream(false).start();
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.readAllLines(clientLog).size() >= 10);
      ended.clear();
      window.robot.drag(window.grip("ferry-a", "tcp-server"), MouseButton.PRIMARY).dropTo("#pane-ferry-b");
      assertThat(window.awaitChecks()).isTrue();
      window.robot.interact(() -> {
        window.inWindow("#client-address", TextField.class).setText(TCP_SERVICE);
        @SuppressWarnings("unchecked")
        ChoiceBox<String> from = window.inWindow("#client-from", ChoiceBox.class);
        from.setValue("ferry-b");
        // Where a client on the LAN stands: the lab router's namespace, which every lab host sees.
        window.inWindow("#client-netns", TextField.class).setText("/var/lib/ferry-lab/" + session.lab().name() + "/router-netns");
      });
      window.fireMigrate();
      String headline = window.awaitEnd();
      assertThat(headline).as(window.text("#explanation")).startsWith("moved in");
      // The gap comes just after the end: the client is stopped once the migration has returned.
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.text("#client-saw").isEmpty());
      String shown = window.text("#client-saw");
      // The outside client's gap is over once it has answers again after the end, as the engine's had.
      long end = System.currentTimeMillis();
      Await.until("the outside client answering after the move", Duration.ofSeconds(20), Duration.ofMillis(50),
          () -> Files.readAllLines(clientLog).stream().filter(l -> l.startsWith("answer ")).filter(l -> Long.parseLong(l.substring(7).trim()) / 1000 > end)
              .count() >= 10);
      outside.destroy();
      assertThat(outside.waitFor(30, TimeUnit.SECONDS)).isTrue();
      List<Long> answers = Files.readAllLines(clientLog).stream().filter(l -> l.startsWith("answer "))
          .map(l -> Long.parseLong(l.substring(7).trim()) / 1000).toList();
      long outsideGap = 0;
      for (int i = 1; i < answers.size(); i++) {
        outsideGap = Math.max(outsideGap, answers.get(i) - answers.get(i - 1));
      }
      MigrationReport r = ended.get(ended.size() - 1);
      assertThat(r.clientGap()).as("the report's client gap").isNotNull();
      assertThat(r.clientGap().measured()).as(r.clientGap().problem()).isTrue();
      long engineGap = r.clientGap().longestGapMillis();
      System.out.printf("tcp-server A->B (%s): engine's client on ferry-b saw %d ms (%d of %d answered); outside client %d ms; frozen %d ms%n",
          r.strategy(), engineGap, r.clientGap().answered(), r.clientGap().attempts(), outsideGap, r.freeze().totalFrozenMillis());
      assertThat(shown).contains("saw " + engineGap + " ms");
      assertThat(Math.abs(engineGap - outsideGap)).as("engine %d ms against outside %d ms", engineGap, outsideGap).isLessThanOrEqualTo(100);
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.historyTable().getItems().stream()
          .anyMatch(x -> ((dev.ferry.app.history.HistoryRow) x).clientGapMillis() == engineGap));
      window.closeSheet();
    } finally {
      if (outside != null) {
        outside.destroyForcibly();
      }
      Files.deleteIfExists(clientLog);
    }
  }

  @Test
  @Order(7)
  void presentationModeShowsTheFreezeStopwatchBigDuringAMigration() throws Exception {
    double width = window.stage().getWidth();
    double height = window.stage().getHeight();
    if (Screenshots.wanted()) {
      // The size presentation mode is made for: a 1920 x 1080 projector.
      window.robot.interact(() -> {
        window.stage().setWidth(1920);
        window.stage().setHeight(1080);
      });
    }
    window.robot.interact(() -> window.robot.lookup("#presentation").queryAs(javafx.scene.control.ToggleButton.class).setSelected(true));
    try {
      window.robot.drag(window.grip("ferry-a", "memory"), MouseButton.PRIMARY).dropTo("#pane-ferry-b");
      assertThat(window.awaitChecks()).isTrue();
      window.chooseStrategy("stop-and-copy");
      window.fireMigrate();
      Label big = window.robot.lookup("#presentation-stopwatch").queryAs(Label.class);
      // Caught a moment into the freeze, so the picture shows the stopwatch running.
      WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> big.isVisible() && big.getPseudoClassStates().stream()
          .anyMatch(p -> p.getPseudoClassName().equals("frozen")) && frozenSeconds(big.getText()) >= 0.3);
      assertThat(big.getFont().getSize()).as("72 pt").isGreaterThan(90);
      Screenshots.save(window.stage().getScene(), "presentation-mode");
      String headline = window.awaitEnd();
      assertThat(headline).as(window.text("#explanation")).startsWith("moved in");
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !big.isVisible());
      window.closeSheet();
    } finally {
      window.robot.interact(() -> {
        window.robot.lookup("#presentation").queryAs(javafx.scene.control.ToggleButton.class).setSelected(false);
        window.stage().setWidth(width);
        window.stage().setHeight(height);
      });
    }
  }

  private static double frozenSeconds(String bigText) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("frozen (\\d+\\.\\d+) s").matcher(bigText);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static EvacuationViewModel openEvacuation(String host) throws Exception {
    int before = evacuations.size();
    window.robot.interact(() -> window.robot.lookup("#evacuate-" + host).queryAs(Button.class).fire());
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> evacuations.size() > before);
    EvacuationViewModel vm = evacuations.get(evacuations.size() - 1);
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> vm.stage().get() != EvacuationViewModel.Stage.PLANNING);
    assertThat(vm.stage().get()).as(vm.status().get()).isEqualTo(EvacuationViewModel.Stage.READY);
    System.out.println("plan: " + vm.status().get());
    return vm;
  }

  private static <T> T feature(Class<T> type) {
    return type.cast(AppUnderTestAccess.property(window.stage(), type));
  }

  private static boolean running(SshHost host, String ct) {
    return host.exec(Command.of("runc", "state", ct)).stdout().contains("\"running\"");
  }

  private static void closeOtherWindows() {
    window.robot.interact(() -> javafx.stage.Window.getWindows().stream().filter(w -> w != window.stage() && w.isShowing()
        && w instanceof javafx.stage.Stage).toList().forEach(w -> ((javafx.stage.Stage) w).close()));
  }

  /** The features the app puts in its window's properties. */
  private static final class AppUnderTestAccess {
    static Object property(javafx.stage.Stage stage, Class<?> key) {
      return dev.ferry.e2e.app.support.AppUnderTest.fx(() -> stage.getProperties().get(key));
    }
  }
}
