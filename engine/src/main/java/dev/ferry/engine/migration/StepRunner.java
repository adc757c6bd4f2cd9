package dev.ferry.engine.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MigrationPlan} and decides how it ended, with no knowledge of hosts: the state
 * machine that unit tests drive with a fake {@link MigrationOps}. Before the hand-over, a failure
 * first records the decision "source" on the source, and only once that decision is read back are
 * the undos run, in reverse. The hand-over claims the decision "destination"; an unclear answer is
 * asked again with bounded backoff, never guessed. After the hand-over nothing is taken back: a
 * failure there is {@link MigrationReport.Outcome#MIGRATED_WITH_LEFTOVERS}. When the decision cannot
 * be read at all, nothing is undone and the lease is abandoned, so that the source's watchdog, which
 * can read it, finishes the job ({@link MigrationReport.Outcome#NEEDS_ATTENTION}).
 */
final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
  /** Waits between asking again for an unclear decision: about 30 s in all, longer than the lease timeout. */
  static final List<Duration> BACKOFF = List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15));

  /** Times one step (the migration's clock and listeners). */
  interface Timer {
    void time(Phase phase, MigrationStep.Action action);
  }

  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** How a run ended, for the report. */
  record Result(MigrationReport.Outcome outcome, Phase failedPhase, RuntimeException error, List<String> undoFailures,
      String leftovers, boolean handedOver, Decision decision) {}

  private final MigrationOps ops;
  private final UndoStack undo;
  private final Timer timer;
  private final Sleeper sleeper;
  private final List<String> undone = new ArrayList<>();

  StepRunner(MigrationOps ops, UndoStack undo, Timer timer, Sleeper sleeper) {
    this.ops = ops;
    this.undo = undo;
    this.timer = timer;
    this.sleeper = sleeper;
  }

  /** Runs the plan for the current strategy (asked again after PREPARE, which may change it). */
  Result run(Function<Strategy, List<MigrationStep>> planFor) {
    List<MigrationStep> steps = planFor.apply(ops.strategy());
    List<UndoStack.Handle> pushed = new ArrayList<>();
    boolean handedOver = false;
    for (int i = 0; i < steps.size(); i++) {
      MigrationStep step = steps.get(i);
      try {
        if (step.hasUndo() && !handedOver) {
          pushed.add(undo.push(step.undoLabel(), timedIfFrozen(step)));
        }
        if (step.phase() == Phase.HAND_OVER) {
          timer.time(Phase.HAND_OVER, this::handOver);
          // From here the destination runs the container for good: no undo may touch either copy.
          pushed.forEach(undo::drop);
          handedOver = true;
        } else {
          timer.time(step.phase(), step.action());
        }
      } catch (RuntimeException e) {
        if (handedOver) {
          LOG.warn("after the hand-over, {} failed: {}", step.phase(), e.getMessage());
          String left = ops.leftovers(step.phase());
          ops.finish(false);
          return new Result(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS, step.phase(), e, List.of(), left, true, Decision.DESTINATION);
        }
        return failBeforeHandOver(step.phase(), e, steps, pushed);
      }
      if (step.phase() == Phase.PREPARE) {
        steps = planFor.apply(ops.strategy());
      }
    }
    ops.finish(true);
    return new Result(MigrationReport.Outcome.MIGRATED, null, null, List.of(), "", true, Decision.DESTINATION);
  }

  /**
   * The undo of a frozen step is what ends a failed freeze (the resume of the held original): timed as
   * {@link Phase#ROLL_BACK}, a frozen phase, so the report's frozen time runs until the container runs again.
   */
  private Runnable timedIfFrozen(MigrationStep step) {
    if (!step.phase().frozen()) {
      return step.undo();
    }
    return () -> timer.time(Phase.ROLL_BACK, () -> {
      step.undo().run();
      return 0;
    });
  }

  private long handOver() {
    Decision d = ask(ops::claimDestination);
    if (d == Decision.SOURCE) {
      throw new MigrationException("The watchdog on the source took the container back before this client could record the"
          + " decision (its lease was not renewed in time).", "Try the migration again.");
    }
    if (d == Decision.NONE) {
      throw new MigrationException("The lease on the source lapsed before the hand-over, so this client did not claim the container.",
          "Check the connection to the source host and try again.");
    }
    return 0;
  }

  private Result failBeforeHandOver(Phase failed, RuntimeException e, List<MigrationStep> steps, List<UndoStack.Handle> pushed) {
    LOG.warn("migration failed in {}: {}", failed, e.getMessage());
    if (ops.journalStarted()) {
      Decision d;
      try {
        d = ask(ops::claimSource);
      } catch (Decision.Unclear u) {
        // The source cannot be asked: undoing anything could leave two copies or none. Its watchdog decides.
        ops.abandon();
        return new Result(MigrationReport.Outcome.NEEDS_ATTENTION, failed, e, List.of(), "", false, null);
      }
      if (d == Decision.DESTINATION && failed == Phase.HAND_OVER) {
        // The claim did land (its answer was lost): the destination is the one; go on from the hand-over.
        pushed.forEach(undo::drop);
        return finishForward(failed, e, steps);
      }
      if (d == Decision.DESTINATION) {
        // Cannot happen unless something else claimed for the destination: touch nothing, say so.
        ops.abandon();
        return new Result(MigrationReport.Outcome.NEEDS_ATTENTION, failed, e, List.of(), "", false, d);
      }
    }
    List<String> failures = undo.unwind();
    ops.finish(failures.isEmpty());
    return new Result(failures.isEmpty() ? MigrationReport.Outcome.ROLLED_BACK : MigrationReport.Outcome.NEEDS_ATTENTION,
        failed, e, failures, "", false, ops.journalStarted() ? Decision.SOURCE : Decision.NONE);
  }

  private Result finishForward(Phase failed, RuntimeException e, List<MigrationStep> steps) {
    boolean after = false;
    for (MigrationStep s : steps) {
      if (after) {
        try {
          timer.time(s.phase(), s.action());
        } catch (RuntimeException e2) {
          String left = ops.leftovers(s.phase());
          ops.finish(false);
          return new Result(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS, s.phase(), e2, List.of(), left, true, Decision.DESTINATION);
        }
      }
      after |= s.phase() == Phase.HAND_OVER;
    }
    ops.finish(true);
    LOG.info("the claim's answer was lost after {} failed ({}), but the decision reads 'destination': finished", failed, e.getMessage());
    return new Result(MigrationReport.Outcome.MIGRATED, null, null, List.of(), "", true, Decision.DESTINATION);
  }

  /** Asks for the decision until the answer is clear, with bounded backoff. */
  Decision ask(Supplier<Decision> question) {
    Decision.Unclear last = null;
    for (int attempt = 0; attempt <= BACKOFF.size(); attempt++) {
      try {
        return question.get();
      } catch (Decision.Unclear u) {
        last = u;
        LOG.info("the decision is unclear ({}); asking again", u.getMessage());
        if (attempt < BACKOFF.size()) {
          try {
            sleeper.sleep(BACKOFF.get(attempt));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw u;
          }
        }
      }
    }
    throw last;
  }
}
