package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autopilot's moves, timed by the executor's clock (ticked by hand) against a scripted engine. */
class AutopilotViewModelTest {
  @TempDir
  Path dir;

  private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
  private final List<String> seen = new ArrayList<>();
  private Instant now = Instant.parse("2026-12-02T20:00:00Z");
  private int migrations;
  private int failAt = -1;

  private final ScriptedEngine engine = new ScriptedEngine((MigrationEngine.Checked) null).onMigrate(l -> {
    migrations++;
    return migrations == failAt ? Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "restore failed", "try again", "")
        : Reports.migrated("m" + migrations, now, Strategy.STOP_AND_COPY);
  });

  private final MigrationViewModel.Observer observer = new MigrationViewModel.Observer() {
    @Override
    public void started(InFlight move) {
      seen.add(move.container().host() + "->" + move.destination());
    }

    @Override
    public void ended(InFlight move, MigrationReport report) {
      seen.add("ended");
    }
  };

  private AutopilotViewModel autopilot() {
    AutopilotViewModel vm = new AutopilotViewModel(new ContainerRef("ferry-a", "counter", "runc"), List.of("ferry-b", "ferry-c"), engine,
        executor, new ReportStore(dir), observer, () -> now);
    vm.intervalSeconds().set(5);
    return vm;
  }

  private void wait(int seconds) {
    now = now.plusSeconds(seconds);
    executor.tick();
  }

  @Test
  void itMovesBackAndForthEveryIntervalAndStopsByItselfAfterTheRoundTripsAsked() {
    AutopilotViewModel vm = autopilot();
    vm.roundTrips().set(2);

    vm.start();
    assertThat(seen).containsExactly("ferry-a->ferry-b", "ended");
    assertThat(vm.stage().get()).isEqualTo(AutopilotViewModel.Stage.WAITING);
    wait(4);
    assertThat(migrations).as("not before the interval").isEqualTo(1);
    wait(1);
    wait(5);
    wait(5);
    wait(5);

    assertThat(migrations).isEqualTo(4);
    assertThat(seen).containsExactly("ferry-a->ferry-b", "ended", "ferry-b->ferry-a", "ended", "ferry-a->ferry-b", "ended",
        "ferry-b->ferry-a", "ended");
    assertThat(vm.stage().get()).isEqualTo(AutopilotViewModel.Stage.STOPPED);
    assertThat(vm.status().get()).isEqualTo("Done: 4 moves (2 round trips); counter runs on ferry-a.");
    assertThat(vm.trips()).extracting(AutopilotViewModel.Trip::frozenMillis).containsOnly(480L);
    assertThat(new ReportStore(dir).all()).as("every move is in the history").hasSize(4);
  }

  @Test
  void aStopRequestWhileWaitingStopsAtOnceAndNoMoreMovesCome() {
    AutopilotViewModel vm = autopilot();
    vm.start();
    vm.stop();
    wait(60);
    assertThat(migrations).isEqualTo(1);
    assertThat(vm.status().get()).isEqualTo("Stopped after 1 move (0 round trips); counter runs on ferry-b.");
  }

  @Test
  void theFirstFailureStopsItAndSaysWhyAndWhereTheContainerRuns() {
    failAt = 2;
    AutopilotViewModel vm = autopilot();
    vm.start();
    wait(5);
    wait(5);
    assertThat(migrations).isEqualTo(2);
    assertThat(vm.stage().get()).isEqualTo(AutopilotViewModel.Stage.FAILED);
    assertThat(vm.status().get()).startsWith("Stopped at move 2: ");
    assertThat(vm.trips()).hasSize(1);
  }
}
