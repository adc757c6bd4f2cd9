package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationEngine.Checked;
import dev.ferry.app.migration.MigrationEngine.StrategyOption;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.migration.MigrationViewModel.Stage;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migration sheet's view model against every engine event and failure, without a stage. */
class MigrationViewModelTest {
  private static final ContainerRef COUNTER = new ContainerRef("ferry-a", "counter", "runc");
  private static final long MS = 1_000_000;

  @TempDir
  Path reports;

  private final AtomicLong nanos = new AtomicLong(5_000 * MS);
  private final List<String> observed = new ArrayList<>();
  private final List<MigrationReport> ended = new ArrayList<>();

  private static List<StrategyOption> options() {
    return List.of(
        new StrategyOption(Optional.empty(), true, "post-copy: both hosts have userfaultfd"),
        new StrategyOption(Optional.of(Strategy.PRE_COPY), false, "pre-copy was asked for, but ferry-a has no memory dirty tracking (soft-dirty)."),
        new StrategyOption(Optional.of(Strategy.POST_COPY), true, "resumes on the destination first"),
        new StrategyOption(Optional.of(Strategy.STOP_AND_COPY), true, "works everywhere"));
  }

  private static Checked checked(PreflightCheck... extra) {
    List<PreflightCheck> checks = new ArrayList<>(List.of(PreflightCheck.pass("CRIU on ferry-b", "CRIU 4.2.1, criu check passes")));
    checks.addAll(List.of(extra));
    return new Checked(checks, new StrategyChoice(Strategy.POST_COPY, "both hosts have userfaultfd"), options());
  }

  private MigrationViewModel vm(ScriptedEngine engine) {
    return new MigrationViewModel(COUNTER, "ferry-b", engine, new CurrentThreadTaskExecutor(), new ReportStore(reports), nanos::get,
        new MigrationViewModel.Observer() {
          @Override
          public void started(InFlight move) {
            observed.add("started " + move.container().name() + " -> " + move.destination());
          }

          @Override
          public void ended(InFlight move, MigrationReport report) {
            observed.add("ended " + move.container().name());
            ended.add(report);
          }
        });
  }

  private MigrationViewModel checkedVm(ScriptedEngine engine) {
    MigrationViewModel vm = vm(engine);
    vm.check();
    return vm;
  }

  @Nested
  class TheFreshChecklist {
    @Test
    void passAndWarnRowsLeaveMigrateEnabledWithAutosChoiceAndReason() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked(PreflightCheck.warn("rsync", "rsync is missing on ferry-b"))));

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.READY);
      assertThat(vm.checks()).extracting(PreflightCheck::status).containsExactly(PreflightCheck.Status.PASS, PreflightCheck.Status.WARN);
      assertThat(vm.canMigrateProperty().get()).isTrue();
      assertThat(vm.autoChoiceProperty().get()).isEqualTo("auto picks post-copy: both hosts have userfaultfd");
      assertThat(vm.selectedProperty().get().label()).isEqualTo("auto");
    }

    @Test
    void aFailedRowBlocksAndMigrateStaysDisabledAndStartsNothing() {
      ScriptedEngine engine = new ScriptedEngine(checked(PreflightCheck.fail("name", "ferry-b already has a container named counter.")));
      MigrationViewModel vm = checkedVm(engine);

      vm.migrate();

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.BLOCKED);
      assertThat(vm.canMigrateProperty().get()).isFalse();
      assertThat(engine.started).isEmpty();
      assertThat(observed).isEmpty();
    }

    @Test
    void aStrategyTheHostsCannotDoIsGreyedWithWhyAndCannotBeMigratedWith() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()));
      StrategyOption preCopy = vm.strategies().get(1);

      vm.selectedProperty().set(preCopy);

      assertThat(preCopy.possible()).isFalse();
      assertThat(preCopy.why()).contains("no memory dirty tracking");
      assertThat(vm.canMigrateProperty().get()).isFalse();
    }

    @Test
    void checksThatCannotRunSayWhyAndThatNothingChanged() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(new IllegalStateException("Cannot connect to ferry-b: the connection was refused.")));

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.CHECK_FAILED);
      assertThat(vm.canMigrateProperty().get()).isFalse();
      assertThat(vm.explanationProperty().get()).contains("connection was refused").contains("counter keeps running on ferry-a");
    }

    @Test
    void theChosenStrategyIsWhatTheEngineIsAskedFor() {
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY));
      MigrationViewModel vm = checkedVm(engine);
      vm.selectedProperty().set(vm.strategies().get(3));

      vm.migrate();

      assertThat(engine.started).containsExactly(Optional.of(Strategy.STOP_AND_COPY));
    }
  }

  @Nested
  class EngineEvents {
    @ParameterizedTest
    @EnumSource(Phase.class)
    void eachPhaseRunsThenFillsItsRowWithTimeAndBytes(Phase phase) {
      List<PhaseRow.State> seen = new ArrayList<>();
      MigrationViewModel[] vm = new MigrationViewModel[1];
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> {
        l.phaseStarted("t35t", phase);
        seen.add(rowOf(vm[0], phase).state());
        l.phaseFinished("t35t", phase, Duration.ofMillis(321), 4096);
        seen.add(rowOf(vm[0], phase).state());
        return Reports.migrated("m1", Instant.EPOCH, Strategy.POST_COPY);
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(seen).containsExactly(PhaseRow.State.RUNNING, PhaseRow.State.DONE);
      PhaseRow row = rowOf(vm[0], phase);
      assertThat(row.millisProperty().get()).isEqualTo(321);
      assertThat(row.bytesProperty().get()).isEqualTo(4096);
      assertThat(vm[0].timeline()).extracting(r -> r.phase().ordinal()).isSorted();
    }

    @Test
    void theTimelineListsThePhasesToComeAndSkipsTheOnesThatDidNotRun() {
      MigrationViewModel[] vm = new MigrationViewModel[1];
      List<Phase> listedAtStart = new ArrayList<>();
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> {
        vm[0].timeline().forEach(r -> listedAtStart.add(r.phase()));
        for (Phase p : List.of(Phase.PREFLIGHT, Phase.LOCK, Phase.PREPARE, Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_FS_DELTA,
            Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.RELEASE, Phase.CLEANUP)) {
          l.phaseStarted("t35t", p);
          l.phaseFinished("t35t", p, Duration.ofMillis(10), 0);
        }
        return Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY);
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(listedAtStart).contains(Phase.FREEZE_DUMP, Phase.HAND_OVER, Phase.RELEASE, Phase.LAZY_PAGES).doesNotContain(Phase.PRE_DUMP);
      assertThat(listedAtStart).as("listed in the engine's order").isSortedAccordingTo(java.util.Comparator.naturalOrder());
      assertThat(rowOf(vm[0], Phase.LAZY_PAGES).state()).isEqualTo(PhaseRow.State.SKIPPED);
      assertThat(rowOf(vm[0], Phase.RESTORE).state()).isEqualTo(PhaseRow.State.DONE);
      assertThat(rowOf(vm[0], Phase.RELEASE).state()).isEqualTo(PhaseRow.State.DONE);
    }

    @Test
    void theStopwatchStartsAtTheFirstFrozenPhaseAndStopsAtTheResume() {
      MigrationViewModel[] vm = new MigrationViewModel[1];
      List<String> seen = new ArrayList<>();
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> {
        FreezeStopwatch w = vm[0].stopwatch();
        l.phaseStarted("t35t", Phase.SYNC_ROOTFS);
        nanos.addAndGet(300 * MS);
        l.phaseFinished("t35t", Phase.SYNC_ROOTFS, Duration.ofMillis(300), 2_000_000);
        seen.add("before freeze running=" + w.runningProperty().get());
        l.phaseStarted("t35t", Phase.FREEZE_DUMP);
        nanos.addAndGet(120 * MS);
        vm[0].tick();
        seen.add("in dump " + w.millisProperty().get() + " ms running=" + w.runningProperty().get());
        l.phaseFinished("t35t", Phase.FREEZE_DUMP, Duration.ofMillis(120), 0);
        l.phaseStarted("t35t", Phase.COPY_DUMP);
        nanos.addAndGet(80 * MS);
        l.phaseFinished("t35t", Phase.COPY_DUMP, Duration.ofMillis(80), 300_000);
        l.phaseStarted("t35t", Phase.RESTORE);
        nanos.addAndGet(250 * MS);
        l.phaseFinished("t35t", Phase.RESTORE, Duration.ofMillis(250), 0);
        seen.add("resumed " + w.millisProperty().get() + " ms running=" + w.runningProperty().get());
        nanos.addAndGet(1000 * MS);
        vm[0].tick();
        l.phaseStarted("t35t", Phase.CONFIRM);
        return Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY);
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(seen).containsExactly("before freeze running=false", "in dump 120 ms running=true", "resumed 450 ms running=false");
      assertThat(vm[0].stopwatch().millisProperty().get()).as("a stopped stopwatch does not move").isEqualTo(450);
    }

    @Test
    void throughputIsEachDataPhasesBytesOverItsTime() {
      MigrationViewModel[] vm = new MigrationViewModel[1];
      List<String> seen = new ArrayList<>();
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> {
        l.phaseFinished("t35t", Phase.SYNC_ROOTFS, Duration.ofMillis(500), 10L * 1024 * 1024);
        seen.add(vm[0].throughputProperty().get());
        l.phaseFinished("t35t", Phase.RESTORE, Duration.ofMillis(200), 0);
        seen.add(vm[0].throughputProperty().get());
        l.phaseFinished("t35t", Phase.COPY_DUMP, Duration.ofMillis(250), 64L * 1024 * 1024);
        seen.add(vm[0].throughputProperty().get());
        return Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY);
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(seen).containsExactly(
          "copy the file system while running: 20.0 MiB/s (10.0 MiB in 500 ms)",
          "copy the file system while running: 20.0 MiB/s (10.0 MiB in 500 ms)",
          "copy dump: 256.0 MiB/s (64.0 MiB in 250 ms)");
    }

    @Test
    void notesAreListedAsTheyCome() {
      ScriptedEngine engine = new ScriptedEngine(checked()).onMigrate(l -> {
        l.note("t35t", "strategy: post-copy (both hosts have userfaultfd)");
        l.note("t35t", "transfer: direct");
        return Reports.migrated("m1", Instant.EPOCH, Strategy.POST_COPY);
      });
      MigrationViewModel vm = checkedVm(engine);

      vm.migrate();

      assertThat(vm.notes()).containsExactly("strategy: post-copy (both hosts have userfaultfd)", "transfer: direct");
    }

    @Test
    void pagesPerRoundAreShownFromTheReportsRounds() {
      MigrationReport base = Reports.migrated("m1", Instant.EPOCH, Strategy.PRE_COPY);
      MigrationReport withRounds = new MigrationReport(base.id(), base.container(), base.source(), base.destination(), base.strategy(),
          base.strategyReason(), false, Outcome.MIGRATED, base.startedAt(), base.totalMillis(), base.phases(), base.freeze(),
          List.of(new MigrationReport.Round(1, 52_224, 0, 900), new MigrationReport.Round(2, 20_501, 31_723, 400)), null, null, "direct",
          base.checks(), base.notes(), null, base.placement());
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> withRounds));

      vm.migrate();

      assertThat(vm.roundsProperty().get()).contains("round 1: 52,224 written, 0 unchanged (900 ms)")
          .contains("round 2: 20,501 written, 31,723 unchanged (400 ms)");
    }
  }

  @Nested
  class Cancel {
    @Test
    void worksBeforeTheFreezeAndIsRefusedOnceFrozen() {
      MigrationViewModel[] vm = new MigrationViewModel[1];
      List<Boolean> cancellable = new ArrayList<>();
      ScriptedEngine engine = new ScriptedEngine(checked());
      engine.onMigrate(l -> {
        l.phaseStarted("t35t", Phase.PREPARE);
        cancellable.add(vm[0].canCancelMigrationProperty().get());
        l.phaseStarted("t35t", Phase.FREEZE_DUMP);
        cancellable.add(vm[0].canCancelMigrationProperty().get());
        vm[0].cancelMigration();
        return Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY);
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(cancellable).containsExactly(true, false);
      assertThat(engine.cancels).as("no cancel reaches the engine after the freeze").isZero();
    }

    @Test
    void aCancelledMigrationReachesTheEngineAndEndsWithTheContainerOnTheSource() {
      MigrationViewModel[] vm = new MigrationViewModel[1];
      ScriptedEngine engine = new ScriptedEngine(checked());
      engine.onMigrate(l -> {
        l.phaseStarted("t35t", Phase.SYNC_ROOTFS);
        vm[0].cancelMigration();
        return Reports.failed(Outcome.ROLLED_BACK, Phase.SYNC_ROOTFS, "The migration failed while it was at 'copy the file system while running':"
            + " The migration was cancelled before the freeze.", "Nothing changed: counter keeps running on ferry-a.", "");
      });
      vm[0] = checkedVm(engine);

      vm[0].migrate();

      assertThat(engine.cancels).isEqualTo(1);
      assertThat(vm[0].stageProperty().get()).isEqualTo(Stage.FAILED);
      assertThat(vm[0].explanationProperty().get()).contains("cancelled before the freeze").contains("counter runs on ferry-a (both hosts asked afterwards");
      assertThat(vm[0].detailsProperty().get()).isEmpty();
    }
  }

  @Nested
  class TheEnd {
    @Test
    void aMoveSaysHowLongItTookAndWasFrozenAndIsSavedInTheStore() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY)));

      vm.migrate();

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.DONE);
      assertThat(vm.headlineProperty().get()).isEqualTo("moved in 2.5 s, frozen 480 ms");
      assertThat(observed).containsExactly("started counter -> ferry-b", "ended counter");
      assertThat(ended).extracting(MigrationReport::id).containsExactly("m1");
      assertThat(new ReportStore(reports).all()).extracting(MigrationReport::id).containsExactly("m1");
    }

    @Test
    void aCriuFailureAtRestoreSaysWhatHappenedWhereItRunsAndKeepsCriusWordsForDetails() {
      String excerpt = "(00.012) Error (criu/cr-restore.c:2000): Can't open core-1.img: No such file or directory";
      MigrationReport r = Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE,
          "The migration failed while it was at 'restore + resume': CRIU could not restore counter on ferry-b: its checkpoint files were not found.",
          "The container was brought back on ferry-a.", excerpt);
      MigrationViewModel[] vm = new MigrationViewModel[1];
      vm[0] = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> {
        l.phaseStarted("t35t", Phase.FREEZE_DUMP);
        l.phaseFinished("t35t", Phase.FREEZE_DUMP, Duration.ofMillis(100), 0);
        l.phaseStarted("t35t", Phase.RESTORE);
        return r;
      }));

      vm[0].migrate();

      assertThat(vm[0].stageProperty().get()).isEqualTo(Stage.FAILED);
      assertThat(vm[0].headlineProperty().get()).isEqualTo("counter did not move: the migration failed and was rolled back");
      assertThat(vm[0].explanationProperty().get()).contains("checkpoint files were not found")
          .contains("counter runs on ferry-a (both hosts asked afterwards: ferry-a: running, ferry-b: none).")
          .contains("What to do: The container was brought back on ferry-a.");
      assertThat(vm[0].detailsProperty().get()).isEqualTo(excerpt);
      assertThat(rowOf(vm[0], Phase.RESTORE).state()).isEqualTo(PhaseRow.State.FAILED);
      assertThat(vm[0].stopwatch().runningProperty().get()).as("stopped by the failure").isFalse();
      assertThat(ended).containsExactly(r);
    }

    @Test
    void aMigrationBlockedByItsOwnPreflightSaysNothingChanged() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> Reports.failed(Outcome.BLOCKED, Phase.PREFLIGHT,
          "Pre-flight checks block this migration: name: ferry-b already has a container named counter.", "Fix what the failed checks say.", "")));

      vm.migrate();

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.FAILED);
      assertThat(vm.headlineProperty().get()).isEqualTo("counter did not move: the pre-flight checks block it");
      assertThat(vm.explanationProperty().get()).contains("Nothing was changed: counter keeps running on ferry-a.");
    }

    @Test
    void anUnfinishedRollBackSaysToLookAtBothHosts() {
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> Reports.failed(Outcome.NEEDS_ATTENTION, Phase.COPY_DUMP,
          "The migration failed while it was at 'copy dump': the link dropped.", "Rolling back did not finish: resume counter on ferry-a.", "")));

      vm.migrate();

      assertThat(vm.headlineProperty().get()).contains("needs attention");
      assertThat(vm.explanationProperty().get()).contains("look at ferry-a and ferry-b").contains("resume counter on ferry-a");
    }

    @Test
    void aDryRunReportSaysNothingMoved() {
      MigrationReport dry = Reports.report("d1", Instant.EPOCH, Strategy.POST_COPY, Outcome.CHECKED, List.of(), null);
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> dry));

      vm.migrate();

      assertThat(vm.stageProperty().get()).isEqualTo(Stage.FAILED);
      assertThat(vm.headlineProperty().get()).isEqualTo("checked only (dry run): nothing moved");
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyOutcomeEndsTheSheetWithAHeadlineAndStopsTheStopwatch(Outcome outcome) {
      MigrationReport r = outcome == Outcome.MIGRATED ? Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY)
          : Reports.failed(outcome, Phase.PREPARE, "it broke", "try again", "");
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> {
        l.phaseStarted("t35t", Phase.FREEZE_DUMP);
        return r;
      }));

      vm.migrate();

      // A move that left something on the source still moved: the sheet ends as done, and says what was left.
      assertThat(vm.stageProperty().get()).isEqualTo(outcome.name().startsWith("MIGRATED") ? Stage.DONE : Stage.FAILED);
      assertThat(vm.headlineProperty().get()).isNotBlank();
      assertThat(vm.stopwatch().runningProperty().get()).isFalse();
      assertThat(vm.canCancelMigrationProperty().get()).isFalse();
      assertThat(vm.timeline()).noneMatch(row -> row.state() == PhaseRow.State.RUNNING || row.state() == PhaseRow.State.WAITING);
    }

    @Test
    void theEnginesReportHeardTwiceIsHandledOnce() {
      MigrationReport r = Reports.migrated("m1", Instant.EPOCH, Strategy.STOP_AND_COPY);
      MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()).onMigrate(l -> {
        l.finished(r);
        return r;
      }));

      vm.migrate();

      assertThat(ended).hasSize(1);
      assertThat(vm.headlineProperty().get()).isEqualTo("moved in 2.5 s, frozen 480 ms");
    }
  }

  @Test
  void theListsAViewBindsToAreOneObjectEach() {
    // An unmodifiable view listens to its list weakly: a fresh view per call would go deaf once collected.
    MigrationViewModel vm = vm(new ScriptedEngine(checked()));

    assertThat(vm.checks()).isSameAs(vm.checks());
    assertThat(vm.strategies()).isSameAs(vm.strategies());
    assertThat(vm.timeline()).isSameAs(vm.timeline());
    assertThat(vm.notes()).isSameAs(vm.notes());
  }

  @Test
  void engineEventsReachTheViewModelOnlyThroughTheUiDoor() {
    List<Runnable> posted = new ArrayList<>();
    MigrationViewModel vm = checkedVm(new ScriptedEngine(checked()));
    MigrationListener events = new MigrationEvents(posted::add, vm);

    events.phaseStarted("t35t", Phase.FREEZE_DUMP);
    events.note("t35t", "frozen");

    assertThat(vm.stopwatch().started()).as("nothing happens until the UI thread runs the update").isFalse();
    posted.forEach(Runnable::run);
    assertThat(vm.stopwatch().started()).isTrue();
    assertThat(vm.notes()).containsExactly("frozen");
  }

  private static PhaseRow rowOf(MigrationViewModel vm, Phase p) {
    return vm.timeline().stream().filter(r -> r.phase() == p).findFirst().orElseThrow(() -> new AssertionError("no row for " + p));
  }
}
