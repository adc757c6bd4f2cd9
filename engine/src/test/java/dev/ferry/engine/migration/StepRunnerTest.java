package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The migration's state machine against a fake host: every phase failing, for every strategy. */
class StepRunnerTest {
  private final List<Duration> slept = new ArrayList<>();
  private final List<Phase> timed = new ArrayList<>();

  private StepRunner.Result run(FakeOps ops, boolean shared) {
    StepRunner r = new StepRunner(ops, new UndoStack(), (phase, action) -> {
      timed.add(phase);
      action.run();
    }, slept::add);
    return r.run(s -> MigrationPlan.forStrategy(s, shared, ops));
  }

  static Stream<Arguments> everyPhaseOfEveryStrategy() {
    List<Arguments> out = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      for (MigrationStep step : MigrationPlan.forStrategy(s, false, new FakeOps(s))) {
        if (step.phase() != Phase.HAND_OVER) {
          out.add(Arguments.of(s, step.phase()));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1} fails")
  @MethodSource("everyPhaseOfEveryStrategy")
  void aFailingPhaseEndsAsItsSideOfTheHandOverRequires(Strategy strategy, Phase failing) {
    FakeOps ops = new FakeOps(strategy);
    ops.failing = failing;

    StepRunner.Result r = run(ops, false);

    List<Phase> order = MigrationPlan.forStrategy(strategy, false, ops).stream().map(MigrationStep::phase).toList();
    boolean afterHandOver = order.indexOf(failing) > order.indexOf(Phase.HAND_OVER);
    assertThat(r.failedPhase()).isEqualTo(failing);
    if (afterHandOver) {
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS);
      assertThat(ops.undos()).as("nothing is rolled back after the hand-over").isEmpty();
      assertThat(ops.calls).contains("claimDestination", "leftovers").doesNotContain("claimSource");
      assertThat(r.leftovers()).isNotBlank();
    } else {
      assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(ops.calls).doesNotContain("claimDestination");
      assertThat(ops.undos()).as("undone in reverse, each step's undo pushed before it ran").isEqualTo(expectedUndos(order, failing));
      boolean frozeFirst = order.indexOf(failing) >= order.indexOf(Phase.FREEZE_DUMP);
      assertThat(timed.contains(Phase.ROLL_BACK)).as("the resume of the held original is timed as a frozen phase, once frozen")
          .isEqualTo(frozeFirst);
      if (frozeFirst) {
        assertThat(timed).last().as("the roll-back is the last frozen phase timed").isEqualTo(Phase.ROLL_BACK);
      }
      if (failing == Phase.LOCK) {
        assertThat(ops.calls).as("no journal yet: nothing to decide").doesNotContain("claimSource");
      } else {
        assertThat(ops.calls.indexOf("claimSource")).as("the decision 'source' is taken before anything is undone")
            .isLessThan(ops.calls.indexOf(ops.undos().get(0)));
      }
    }
  }

  private static List<String> expectedUndos(List<Phase> order, Phase failing) {
    List<String> undos = new ArrayList<>();
    for (Phase p : order.subList(0, order.indexOf(failing) + 1)) {
      switch (p) {
        case LOCK -> undos.add(0, "undo:unlock");
        case PREPARE -> undos.add(0, "undo:unprepare");
        case FREEZE_DUMP -> undos.add(0, "undo:resumeSource");
        case RESTORE -> undos.add(0, "undo:removeFromDestination");
        default -> { }
      }
    }
    return undos;
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aMigrationWithNoFailureRunsEveryStepInOrderAndUndoesNothing(Strategy strategy) {
    FakeOps ops = new FakeOps(strategy);

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED);
    assertThat(ops.undos()).isEmpty();
    assertThat(ops.calls.indexOf("claimDestination")).as("claimed only after the destination runs the held copy")
        .isGreaterThan(ops.calls.indexOf("confirm"));
    assertThat(ops.calls.indexOf("releaseDestination")).as("released only after the decision").isGreaterThan(ops.calls.indexOf("claimDestination"));
    assertThat(ops.calls.indexOf("cleanup")).isGreaterThan(ops.calls.indexOf("releaseDestination"));
    assertThat(ops.calls).last().isEqualTo("finish:true");
    assertThat(timed.contains(Phase.PRE_DUMP)).isEqualTo(strategy == Strategy.PRE_COPY);
    assertThat(timed.contains(Phase.LAZY_PAGES)).isEqualTo(strategy == Strategy.POST_COPY);
  }

  @Test
  void anUnclearClaimIsAskedAgainWithBackoffNotGuessed() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.destinationAnswers.add("unclear");
    ops.destinationAnswers.add("unclear");

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED);
    assertThat(ops.calls.stream().filter(c -> c.equals("claimDestination")).count()).isEqualTo(3);
    assertThat(slept).containsExactly(StepRunner.BACKOFF.get(0), StepRunner.BACKOFF.get(1));
    assertThat(ops.undos()).as("the running destination copy is never removed on an unclear answer").isEmpty();
  }

  @Test
  void aClaimThatLandedButWhoseAnswerWasLostStillEndsOnTheDestination() {
    FakeOps ops = new FakeOps(Strategy.POST_COPY);
    for (int i = 0; i <= StepRunner.BACKOFF.size(); i++) {
      ops.destinationAnswers.add(i == 0 ? "lands-unclear" : "unclear");
    }

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED);
    assertThat(ops.calls).contains("claimSource", "releaseDestination", "lazyPages", "cleanup");
    assertThat(ops.undos()).as("the decision read back says destination: nothing undone").isEmpty();
  }

  @Test
  void whenTheDecisionCannotBeReadAtAllNothingIsUndoneAndTheWatchdogIsLeftToAct() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    for (int i = 0; i <= StepRunner.BACKOFF.size(); i++) {
      ops.destinationAnswers.add("unclear");
      ops.sourceAnswers.add("unclear");
    }

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.NEEDS_ATTENTION);
    assertThat(r.failedPhase()).isEqualTo(Phase.HAND_OVER);
    assertThat(ops.undos()).isEmpty();
    assertThat(ops.calls).contains("abandon").doesNotContain("releaseDestination", "cleanup");
    assertThat(slept).as("bounded: each wait of the backoff, twice (claim, then the roll-back's claim)").hasSize(2 * StepRunner.BACKOFF.size());
  }

  @Test
  void losingTheClaimToTheWatchdogRollsBackTheDestination() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.destinationAnswers.add(Decision.SOURCE);

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
    assertThat(r.error().getMessage()).contains("watchdog");
    assertThat(ops.undos()).containsExactly("undo:removeFromDestination", "undo:resumeSource", "undo:unprepare", "undo:unlock");
  }

  @Test
  void aLapsedLeaseAtTheHandOverIsNotClaimedAndRollsBack() {
    FakeOps ops = new FakeOps(Strategy.PRE_COPY);
    ops.destinationAnswers.add(Decision.NONE);

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
    assertThat(ops.recorded).isEqualTo(Decision.SOURCE);
    assertThat(ops.undos()).startsWith("undo:removeFromDestination", "undo:resumeSource");
  }

  @Test
  void anUndoThatFailsNeedsAttentionAndTheOthersStillRun() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.failing = Phase.CONFIRM;
    ops.failingUndo = true;

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.NEEDS_ATTENTION);
    assertThat(r.undoFailures()).hasSize(4);
    assertThat(ops.calls).contains("finish:false");
  }

  @Test
  void postCopyThatFallsBackAfterPrepareRunsTheStopAndCopyStepsWithoutLazyPages() {
    FakeOps ops = new FakeOps(Strategy.POST_COPY);
    ops.strategyAfterPrepare = Strategy.STOP_AND_COPY;

    StepRunner.Result r = run(ops, false);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED);
    assertThat(timed).doesNotContain(Phase.LAZY_PAGES);
  }

  @Test
  void sharedStorageCopiesNoFiles() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);

    run(ops, true);

    assertThat(ops.calls).doesNotContain("syncRootfs", "copyFsDelta");
  }
}
