package dev.ferry.e2e.appmigration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.checkpoints.CheckpointRow;
import dev.ferry.app.checkpoints.CheckpointsFeature;
import dev.ferry.app.checkpoints.CheckpointsViewModel;
import dev.ferry.app.evacuate.EvacuationFeature;
import dev.ferry.app.evacuate.EvacuationViewModel;
import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.migration.Migrations;
import dev.ferry.e2e.preflight.OutsideUnixListener;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
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
 * Issue 12's acceptance on the real lab, in Ferry's real main window (TestFX, headless under Monocle),
 * with every host of the run's lab (ferry-c too with --hosts 3): a checkpoint taken from a card and
 * restored on the other host from the list; one dragged from the list onto a pane (and a pane that
 * cannot take it greyed); one deleted after its confirmation; an evacuation (plan first, spread over
 * the other hosts; then with a container no host can take); the autopilot's round trips; what a client
 * saw against an outside client; the chart and table exports; and an app started over a corrupt hosts
 * file and a corrupt report. With -Dferry.screenshots=DIR it also takes the pictures in docs/. Every
 * test leaves counter, memory and tcp-server running on ferry-a only, as the lab has them; each
 * outcome is checked by asking the hosts.
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
      assertThat(runsOnlyOn(ct)).as(ct).isEqualTo("ferry-a");
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
    // Each sample is put back even when another could not be: one failure must not strand the rest elsewhere.
    for (String ct : SAMPLES) {
      try {
        List<String> on = runningOn(ct);
        if (!on.contains("ferry-a") && on.size() == 1) {
          MigrationReport r = Migrations.migrate(session.host(on.get(0)), session.a(), ct, Optional.empty(), session.threads());
          assertThat(r.outcome()).as(ct + " back to ferry-a from " + on.get(0) + ": " + r.failure()).isEqualTo(MigrationReport.Outcome.MIGRATED);
        }
        assertThat(runsOnlyOn(ct)).as(ct).isEqualTo("ferry-a");
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
  void aCheckpointDraggedOntoAnotherHostsPaneRestoresThereAndAPaneThatCannotIsGreyedWithTheReason() throws Exception {
    String ct = LabContainers.uniqueName("cp-drag");
    String name = "before-drag";
    try {
      // Left running, so ferry-a, which keeps the checkpoint, cannot take it back: a container of that name runs there.
      Checkpointed taken = counterCheckpointedOnA(ct, name);
      CheckpointsViewModel list = taken.list();

      window.robot.drag(checkpointRow(ct, name), MouseButton.PRIMARY).moveTo("#pane-ferry-a");
      String refused = window.verdictWhileOver("ferry-a");
      boolean greyed = window.robot.lookup("#pane-ferry-a").query().getPseudoClassStates().contains(PseudoClass.getPseudoClass("drop-refuse"));
      window.robot.moveTo("#pane-ferry-b");
      String accepted = window.verdictWhileOver("ferry-b");
      boolean highlighted = window.robot.lookup("#pane-ferry-b").query().getPseudoClassStates().contains(PseudoClass.getPseudoClass("drop-accept"));
      window.robot.drop();
      assertThat(refused).isEqualTo("Cannot take it: name clash: " + ct + " exists on ferry-a");
      assertThat(greyed).as("ferry-a's pane greyed under the checkpoint").isTrue();
      assertThat(accepted).startsWith("Drop to restore " + ct + "/" + name + " here (can restore " + ct);
      assertThat(highlighted).as("ferry-b's pane highlighted under the checkpoint").isTrue();

      // The drop starts the restore (the list is busy), which ends in the list's status line.
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> list.busy().get() || list.status().get().startsWith("Restored "));
      WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !list.busy().get());
      assertThat(list.status().get()).startsWith("Restored " + ct + "/" + name + " on ferry-b in ");
      window.awaitCard("ferry-b", ct);
      assertThat(running(session.b(), ct)).as(ct + " on ferry-b, asked there").isTrue();
      TickLog after = LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 10);
      assertThat(after.starts()).as("no restart: restored, not started").isEqualTo(1);
      assertThat(after.contiguous()).as("the ticks carry on from the checkpoint").isTrue();
      assertThat(after.lastSeq()).as("on from the checkpoint's ticks").isGreaterThan(taken.ticksBefore() + 5);
      assertThat(running(session.a(), ct)).as("the original, left running, still runs on ferry-a").isTrue();
      System.out.printf("checkpoint dragged onto ferry-b: %s; ferry-a said '%s'%n", list.status().get(), refused);
    } finally {
      removeEverywhere(ct, name);
    }
  }

  @Test
  @Order(4)
  void deletingACheckpointAsksFirstCancelKeepsItAndConfirmRemovesItFromTheHost() throws Exception {
    String ct = LabContainers.uniqueName("cp-del");
    String name = "to-delete";
    try {
      CheckpointsViewModel list = counterCheckpointedOnA(ct, name).list();
      select(list, ct, name);

      window.robot.interact(() -> window.robot.lookup("#delete-checkpoint").queryAs(Button.class).fire());
      DialogPane ask = window.inWindow("#delete-checkpoint-confirm", DialogPane.class);
      assertThat(ask.getContentText()).startsWith("Delete the checkpoint " + ct + "/" + name + " on ferry-a (").endsWith("This cannot be undone.");
      window.robot.interact(() -> ((Button) ask.lookupButton(ButtonType.CANCEL)).fire());
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(window.robot.lookup("#delete-checkpoint-confirm").tryQuery()).as("the question closed").isEmpty();
      assertThat(checkpoints(session.a()).find(ContainerName.of(ct), name)).as("cancelled: still on ferry-a, asked there").isPresent();
      assertThat(list.rows()).anyMatch(r -> r.container().equals(ct) && r.name().equals(name));

      select(list, ct, name);
      window.robot.interact(() -> window.robot.lookup("#delete-checkpoint").queryAs(Button.class).fire());
      DialogPane again = window.inWindow("#delete-checkpoint-confirm", DialogPane.class);
      window.robot.interact(() -> ((Button) again.lookupButton(ButtonType.OK)).fire());
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> list.status().get().startsWith("Deleted ")
          && list.rows().stream().noneMatch(r -> r.container().equals(ct) && r.name().equals(name)));
      assertThat(list.status().get()).isEqualTo("Deleted the checkpoint " + ct + "/" + name + " on ferry-a");
      assertThat(checkpoints(session.a()).find(ContainerName.of(ct), name)).as("confirmed: gone from ferry-a, asked there").isEmpty();
      assertThat(running(session.a(), ct)).as("deleting a checkpoint leaves its container alone").isTrue();
    } finally {
      removeEverywhere(ct, name);
      // The list no longer narrowed to a container that is gone.
      CheckpointsViewModel list = feature(CheckpointsFeature.class).viewModel();
      window.robot.interact(() -> list.container().set(CheckpointsViewModel.ALL));
    }
  }

  @Test
  @Order(5)
  void evacuatingFerryAShowsThePlanFirstThenEveryContainerRunsOnAnotherHost() throws Exception {
    List<String> others = otherHosts();
    EvacuationViewModel vm = openEvacuation("ferry-a");
    assertThat(vm.rows()).extracting(r -> r.container()).containsExactlyInAnyOrderElementsOf(SAMPLES);
    assertThat(vm.rows()).allSatisfy(r -> assertThat(r.verdict().get()).as(r.container()).doesNotStartWith("blocked"));
    Map<String, String> planned = vm.rows().stream().collect(Collectors.toMap(r -> r.container(), r -> r.target().get()));
    // Three containers over the other hosts: each of them gets at least one (ferry-b, and ferry-c with --hosts 3).
    assertThat(Set.copyOf(planned.values())).as("the plan spreads onto every other host: " + planned).containsExactlyInAnyOrderElementsOf(others);
    for (String ct : SAMPLES) {
      assertThat(running(session.a(), ct)).as(ct + " has not moved before the confirmation").isTrue();
    }
    Screenshots.save(window.sceneWith("#evacuation-sheet"), "evacuation-plan");
    window.robot.interact(() -> window.inWindow("#evacuate-confirm", Button.class).fire());
    WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.stage().get() == EvacuationViewModel.Stage.DONE);
    System.out.println("evacuate ferry-a onto " + others + " (planned " + planned + "): " + vm.summaryText().get());
    assertThat(vm.summary().get().moved()).hasSize(SAMPLES.size());
    for (String ct : SAMPLES) {
      assertThat(runsOnlyOn(ct)).as(ct + ", asked of every host").isEqualTo(planned.get(ct));
    }
    assertThat(vm.summary().get().outcomes()).allSatisfy(o -> assertThat(o.runningOn()).containsExactly(planned.get(o.container())));
  }

  @Test
  @Order(6)
  void aContainerThatNoHostCanTakeStaysOnFerryASaidPlainlyAndTheOthersMove() throws Exception {
    // pinned holds a unix connection to a listener on ferry-a outside it: CRIU cannot move that to any host.
    String pinned = LabContainers.uniqueName("pinned");
    OutsideUnixListener listener = null;
    try {
      listener = OutsideUnixListener.containerHeldBy(session.lab(), session.a(), pinned, Duration.ofMinutes(20));
      long init = LabContainers.initPid(session.a(), pinned);
      window.awaitCard("ferry-a", pinned);
      EvacuationViewModel vm = openEvacuation("ferry-a");
      assertThat(vm.rows()).extracting(r -> r.container()).containsExactlyInAnyOrderElementsOf(with(SAMPLES, pinned));
      var row = vm.rows().stream().filter(r -> r.container().equals(pinned)).findFirst().orElseThrow();
      assertThat(row.verdict().get()).startsWith("blocked: unix socket: ferry-unix-peer (pid " + init + ") holds a unix stream socket")
          .contains(listener.path()).contains("'External socket is used'");
      assertThat(vm.rows()).filteredOn(r -> !r.container().equals(pinned))
          .allSatisfy(r -> assertThat(r.verdict().get()).as(r.container()).doesNotStartWith("blocked"));
      window.robot.interact(() -> window.inWindow("#evacuate-confirm", Button.class).fire());
      WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.stage().get() == EvacuationViewModel.Stage.DONE);
      System.out.println("evacuate ferry-a with " + pinned + " unmovable: " + vm.summaryText().get());
      assertThat(vm.summaryText().get()).startsWith("3 of 4 containers moved off ferry-a.")
          .contains(pinned + ": stayed on ferry-a (unix socket: ferry-unix-peer (pid " + init + ")");
      assertThat(row.progress().get()).startsWith("stayed: ");
      // Said plainly in the sheet, where the person reads it.
      javafx.scene.control.TextArea said = window.inWindow("#evacuation-summary", javafx.scene.control.TextArea.class);
      assertThat(said.isVisible()).isTrue();
      assertThat(said.getText()).isEqualTo(vm.summaryText().get());
      // Asked of every host: the same process still runs on ferry-a, never frozen away, and no other host has it.
      assertThat(runsOnlyOn(pinned)).isEqualTo("ferry-a");
      assertThat(LabContainers.initPid(session.a(), pinned)).as("the same process, not a restore").isEqualTo(init);
      assertThat(listener.alive()).as("the listener on ferry-a still has its connection").isTrue();
      for (String ct : SAMPLES) {
        assertThat(otherHosts()).as(ct + " moved").contains(runsOnlyOn(ct));
      }
    } finally {
      for (String h : Lab.expectedHostNames()) {
        LabContainers.remove(session.host(h), pinned);
      }
      if (listener != null) {
        listener.close();
      }
    }
  }

  @Test
  @Order(7)
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
    // The picture for docs/ while it runs, its chart part drawn: between two moves of the fourth round trip.
    WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> status.getText().startsWith("7 moves") || status.getText().startsWith("Done:")
        || status.getText().startsWith("Stopped"));
    Screenshots.save(window.sceneWith("#autopilot"), "autopilot");
    WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> status.getText().startsWith("Done:") || status.getText().startsWith("Stopped"));
    System.out.println("autopilot: " + status.getText());
    assertThat(status.getText()).isEqualTo("Done: 10 moves (5 round trips); counter runs on ferry-a.");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.historyTable().getItems().size() == rowsBefore + 10);
    DragToMigrateLabTest.assertRunsOnlyOn("counter", session.a(), session.b());
  }

  @Test
  @Order(8)
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
  @Order(9)
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

  @Test
  @Order(10)
  void theChartsExportToPngAndSvgAndTheHistoryTableToCsv() throws Exception {
    window.robot.interact(() -> selectTab("tab-history"));
    Path out = Files.createTempDirectory("ferry-exports");
    try {
      @SuppressWarnings("unchecked")
      List<dev.ferry.app.history.HistoryRow> rows = (List<dev.ferry.app.history.HistoryRow>) List.copyOf(window.historyTable().getItems());
      long moved = rows.stream().filter(r -> r.outcome().startsWith("migrated") && !r.strategy().endsWith("(dry run)")).count();
      assertThat(moved).as("the runs before this one moved containers").isPositive();
      javafx.scene.chart.Chart chart = window.robot.lookup("#freeze-history").queryAs(javafx.scene.chart.Chart.class);

      Path png = out.resolve("frozen.png");
      window.saves().next(png);
      window.chartMenu("#freeze-history", "export-png-frozen-time");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.text("#history-status").startsWith("Wrote the chart"));
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
      assertThat(image).as(png + " decodes as an image").isNotNull();
      // Its picture at its size on screen (to the pixel, as the snapshot rounds), large enough to read.
      assertThat(image.getWidth()).as("the chart's width on screen").isCloseTo((int) chart.getWidth(), org.assertj.core.data.Offset.offset(2))
          .isGreaterThan(150);
      assertThat(image.getHeight()).as("the chart's height on screen").isCloseTo((int) chart.getHeight(), org.assertj.core.data.Offset.offset(2))
          .isGreaterThan(100);

      Path svg = out.resolve("frozen.svg");
      window.saves().next(svg);
      window.chartMenu("#freeze-history", "export-svg-frozen-time");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.text("#history-status").equals("Wrote the frozen time chart to " + svg));
      org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
      assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
      // One titled point per moved container, each titled "#n container, strategy: seconds", as the chart on screen.
      List<String> points = titles(doc.getElementsByTagName("circle"));
      assertThat(points).hasSize((int) moved);
      for (dev.ferry.app.history.HistoryRow r : rows.stream().filter(r -> r.outcome().startsWith("migrated")).toList()) {
        assertThat(points).as("a point for " + r.container() + " at " + r.frozenMillis() + " ms").anyMatch(t -> t.contains(" " + r.container())
            && t.endsWith(String.format(java.util.Locale.ROOT, ": %.3f s", r.frozenMillis() / 1000.0)));
      }

      Path csv = out.resolve("history.csv");
      window.saves().next(csv);
      window.robot.interact(() -> window.robot.lookup("#export-csv").queryAs(Button.class).fire());
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.text("#history-status").startsWith("Wrote the history table"));
      List<String> lines = List.of(Files.readString(csv).split("\r\n"));
      assertThat(lines.get(0)).isEqualTo("time,container,from,to,strategy,total_ms,frozen_ms,client_gap_ms,bytes,outcome,id");
      assertThat(lines).as("a header and one line per table row").hasSize(rows.size() + 1);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(lines.get(i + 1)).as("line " + (i + 1)).startsWith(rows.get(i).time() + "," + rows.get(i).container() + ",")
            .endsWith("," + rows.get(i).report().id());
      }
      assertThat(window.saves().suggested()).containsExactly("frozen-time.png", "frozen-time.svg", "ferry-history.csv");
      System.out.printf("exports: %s %dx%d, %s with %d points, %s with %d rows%n", png.getFileName(), image.getWidth(), image.getHeight(),
          svg.getFileName(), points.size(), csv.getFileName(), lines.size() - 1);
    } finally {
      try (var files = Files.list(out)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(out);
    }
  }

  private static List<String> titles(org.w3c.dom.NodeList elements) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < elements.getLength(); i++) {
      org.w3c.dom.NodeList t = ((org.w3c.dom.Element) elements.item(i)).getElementsByTagName("title");
      if (t.getLength() > 0) {
        out.add(t.item(0).getTextContent());
      }
    }
    return out;
  }

  private static void selectTab(String id) {
    javafx.scene.control.TabPane tabs = window.robot.lookup("#below-panes").queryAs(javafx.scene.control.TabPane.class);
    tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
  }

  private static Checkpoints checkpoints(SshHost host) {
    return new Checkpoints(host, session.threads().io());
  }

  /**
   * A counter container {@code ct} of the test's own on ferry-a, shown in its pane, checkpointed as
   * {@code name} and left running; the checkpoints list once it shows that checkpoint, and the counter's
   * last tick before the checkpoint was taken.
   */
  private static Checkpointed counterCheckpointedOnA(String ct, String name) throws Exception {
    session.lab().startContainer("ferry-a", ct, "counter");
    window.awaitCard("ferry-a", ct);
    long ticksBefore = LabContainers.awaitTicks(session.a(), ct, 0, 5).lastSeq();
    checkpoints(session.a()).create(ContainerName.of(ct), name, true);
    window.cardMenu("ferry-a", ct, "show-checkpoints");
    // The card's "Checkpoints" lists the host afresh, narrowed to the container.
    CheckpointsViewModel list = feature(CheckpointsFeature.class).viewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> list.rows().stream().anyMatch(r -> r.container().equals(ct) && r.name().equals(name)));
    return new Checkpointed(list, ticksBefore);
  }

  private record Checkpointed(CheckpointsViewModel list, long ticksBefore) {}

  private static void select(CheckpointsViewModel list, String ct, String name) {
    CheckpointRow row = list.rows().stream().filter(r -> r.container().equals(ct) && r.name().equals(name)).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    TableView<CheckpointRow> table = window.robot.lookup("#checkpoints-table").queryAs(TableView.class);
    window.robot.interact(() -> table.getSelectionModel().select(row));
  }

  /** Where to take hold of the checkpoint's row in the list, on screen. */
  private static javafx.geometry.Point2D checkpointRow(String ct, String name) throws Exception {
    // The table makes the row's cell at its next layout, after the list changed.
    java.util.function.Supplier<Optional<javafx.scene.control.TableRow<?>>> find = () -> window.robot.lookup(".table-row-cell")
        .match((javafx.scene.control.TableRow<?> r) -> r.getItem() instanceof CheckpointRow c && c.container().equals(ct) && c.name().equals(name)
            && r.isVisible() && r.getScene() != null)
        .tryQueryAs(javafx.scene.control.TableRow.class).map(r -> (javafx.scene.control.TableRow<?>) r);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> find.get().isPresent());
    return WaitForAsyncUtils.asyncFx(() -> {
      javafx.scene.control.TableRow<?> row = find.get().orElseThrow();
      javafx.geometry.Bounds b = row.localToScreen(row.getBoundsInLocal());
      return new javafx.geometry.Point2D(b.getMinX() + b.getWidth() / 3, b.getMinY() + b.getHeight() / 2);
    }).get(10, TimeUnit.SECONDS);
  }

  /** The test's own container gone from every host, and its checkpoint from ferry-a. */
  private static void removeEverywhere(String ct, String checkpoint) {
    Checkpoints onA = checkpoints(session.a());
    onA.find(ContainerName.of(ct), checkpoint).ifPresent(c -> onA.delete(ContainerName.of(ct), checkpoint));
    for (String h : Lab.expectedHostNames()) {
      LabContainers.remove(session.host(h), ct);
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

  /** The lab's hosts this run uses, but ferry-a. */
  private static List<String> otherHosts() {
    return Lab.expectedHostNames().stream().filter(h -> !h.equals("ferry-a")).toList();
  }

  /** The hosts (of this run's lab) on which runc says {@code ct} runs. */
  private static List<String> runningOn(String ct) {
    return Lab.expectedHostNames().stream().filter(h -> running(session.host(h), ct)).toList();
  }

  /** Asks every host of this run's lab: {@code ct} runs on exactly one, which is returned, and no other knows it. */
  private static String runsOnlyOn(String ct) {
    List<String> known = Lab.expectedHostNames().stream()
        .filter(h -> session.host(h).exec(Command.of("runc", "state", ct)).exitCode() == 0).toList();
    List<String> on = runningOn(ct);
    assertThat(on).as(ct + " running on exactly one host").hasSize(1);
    assertThat(known).as("hosts where runc knows " + ct).containsExactlyElementsOf(on);
    return on.get(0);
  }

  private static List<String> with(List<String> list, String more) {
    List<String> all = new java.util.ArrayList<>(list);
    all.add(more);
    return all;
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
