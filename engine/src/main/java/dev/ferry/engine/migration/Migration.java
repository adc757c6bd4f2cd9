package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live migration of a runc container. The steps per strategy are listed in {@link MigrationPlan}
 * and run by {@link StepRunner} against the hosts ({@link HostOps}); the original stays paused and
 * held on the source until the decision is recorded there, so a roll-back is a resume. This class
 * runs the pre-flight, times every phase on one clock, checks where the container runs afterwards
 * (both hosts asked) and writes the report.
 */
public final class Migration {
  private static final Logger LOG = LoggerFactory.getLogger(Migration.class);

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final SshHost source;
  private final SshHost destination;
  private final MigrationRequest request;
  private final EngineThreads threads;
  private final Preflight preflight;
  private final List<MigrationListener> listeners = new CopyOnWriteArrayList<>();
  private final PhaseClock clock = new PhaseClock();
  private final UndoStack undo = new UndoStack();
  private final List<String> notes = new CopyOnWriteArrayList<>();
  private final ContainerName ct;
  private volatile boolean cancelled;
  private volatile boolean frozen;
  // How each host is asked where the container is: runc's state, or Podman's for a Podman container.
  private java.util.function.BiFunction<SshHost, ContainerName, RuncState> stateOf = RuncState::of;

  public Migration(SshHost source, SshHost destination, MigrationRequest request, EngineThreads threads) {
    this.source = source;
    this.destination = destination;
    this.request = request;
    this.threads = threads;
    this.preflight = new Preflight(source, destination, request.container(), threads.io());
    this.ct = request.container();
  }

  public String id() {
    return id;
  }

  public void addListener(MigrationListener l) {
    listeners.add(l);
  }

  /** Asks the migration to stop. Honoured up to the freeze; after that, finishing is the safe way out. */
  public void cancel() {
    cancelled = true;
  }

  public CompletableFuture<MigrationReport> start() {
    return CompletableFuture.supplyAsync(this::run, threads.io());
  }

  /** Runs the migration to its end on the calling thread. Never throws: the report says what happened. */
  public MigrationReport run() {
    Instant started = Instant.now();
    List<PreflightCheck> checks = List.of();
    StrategyChoice choice = new StrategyChoice(Strategy.STOP_AND_COPY, "not chosen yet");
    try {
      checks = timedValue(Phase.PREFLIGHT, preflight::run);
      choice = preflight.choose(checks, request.strategy());
      note("strategy: " + choice.strategy() + " (" + choice.reason() + ")");
    } catch (RuntimeException e) {
      return report(started, choice, checks, MigrationReport.Outcome.BLOCKED, new MigrationReport.Failure(Phase.PREFLIGHT,
          "The pre-flight checks could not run: " + e.getMessage(), "Nothing was changed on either host.", ""), null, null, null);
    }
    if (request.dryRun()) {
      return report(started, choice, checks, MigrationReport.Outcome.CHECKED, null, null, null, null);
    }
    if (checks.stream().anyMatch(c -> c.status() == PreflightCheck.Status.FAIL)) {
      String why = checks.stream().filter(c -> c.status() == PreflightCheck.Status.FAIL)
          .map(c -> c.name() + ": " + c.reason()).reduce((a, b) -> a + "; " + b).orElse("");
      return report(started, choice, checks, MigrationReport.Outcome.BLOCKED,
          new MigrationReport.Failure(Phase.PREFLIGHT, "Pre-flight checks block this migration: " + why,
              "Fix what the failed checks say, then try again. Nothing was changed on either host.", ""), null, null, null);
    }
    if (preflight.podman().isPresent()) {
      return runPodman(started, choice, checks);
    }
    boolean shared = preflight.sharedStorage();
    if (shared) {
      note("the container's files are on storage both hosts share: no file copies");
    }
    HostOps ops = new HostOps(id, source, destination, ct, choice.strategy(), shared, threads, clock, this::note);
    StepRunner runner = new StepRunner(ops, undo, this::timed, d -> Thread.sleep(d.toMillis()));
    try {
      StepRunner.Result result = runner.run(s -> MigrationPlan.forStrategy(s, shared, ops));
      if (ops.strategy() != choice.strategy()) {
        choice = new StrategyChoice(ops.strategy(), choice.reason() + "; but post-copy needs the hosts to reach each other directly,"
            + " and they cannot: fell back to stop-and-copy");
      }
      return finish(started, choice, checks, ops, result);
    } catch (RuntimeException e) {
      // A bug or a failure outside every step's handling: still a report, with where the container was found.
      LOG.error("migration {} stopped unexpectedly", id, e);
      MigrationReport.Placement placement = placement();
      return report(started, choice, checks, MigrationReport.Outcome.NEEDS_ATTENTION, new MigrationReport.Failure(Phase.CLEANUP,
          "Ferry stopped unexpectedly: " + e, ReportAdvice.where(ct.value(), placement, source.name(), destination.name())
              + " Run './ferry recover " + source.name() + " " + destination.name() + "' (the app does on its next connection)"
              + " to finish or undo what is left.", ""), null, null, placement, ops);
    }
  }

  private MigrationReport finish(Instant started, StrategyChoice choice, List<PreflightCheck> checks, HostOps ops, StepRunner.Result result) {
    DumpStats dumpStats = null;
    RestoreStats restoreStats = null;
    if (result.handedOver()) {
      if (ops.strategy() == Strategy.POST_COPY) {
        // CRIU 4.2's stats-dump of a lazy dump is not meaningful (zero pages, a frozen time of hours), so it is left out.
        note("CRIU's dump statistics are not reported for post-copy: its lazy dump does not fill them in");
      }
    }
    MigrationReport.Placement placement = placement();
    MigrationReport.Outcome outcome = ReportAdvice.checked(result.outcome(), placement, source.name(), destination.name());
    MigrationReport.Failure failure = null;
    Optional<StepFailure> step = stepFailure(result, outcome, placement, () -> ops.memory().dumpLog());
    if (step.isPresent()) {
      StepFailure f = step.get();
      String summary = f.summary();
      if (f.error() instanceof Decision.Unclear) {
        summary += " (the decision on " + source.name() + " could not be read, so nothing was undone)";
      }
      // The container died with the host that held its only live copy (the source before a complete copy existed, the
      // destination after the hand-over): no step can bring it back; say so, and how to start it again.
      boolean goneFromBoth = placement.runningOn().isEmpty() && RuncState.ABSENT.equals(placement.stateByHost().get(source.name()))
          && RuncState.ABSENT.equals(placement.stateByHost().get(destination.name()));
      boolean lostWithSource = goneFromBoth && !result.handedOver() && !ops.completeDumpOnSource();
      String where = ReportAdvice.where(ct.value(), placement, source.name(), destination.name());
      String advice;
      String onDestination = placement.stateByHost().get(destination.name());
      if (result.handedOver() && !placement.runningOn().contains(destination.name()) && !HELD.equals(onDestination)) {
        // After the hand-over the destination's copy was not seen running: the paused original, if the source still holds it,
        // is the way back, for the recovery to use once the destination can say whether its copy lives.
        advice = where + " " + (RuncState.PAUSED.equals(placement.stateByHost().get(source.name())) ? ops.originalKeptAdvice()
            : ops.lostWithHostAdvice(true, RuncState.ABSENT.equals(onDestination) || RuncState.STOPPED.equals(onDestination)));
      } else if (lostWithSource) {
        advice = where + " " + ops.lostWithHostAdvice(false, true);
      } else {
        advice = advice(outcome, placement, f, result);
      }
      failure = new MigrationReport.Failure(f.phase(), summary, advice, f.excerpt());
    }
    if (moved(outcome)) {
      dumpStats = ops.dumpStats().orElse(null);
      restoreStats = ops.restoreStats().orElse(null);
    }
    return report(started, choice, checks, outcome, failure, dumpStats, restoreStats, placement, ops);
  }

  /** A step that failed, or the check afterwards that contradicted steps that all succeeded: what the report says of it. */
  private record StepFailure(RuntimeException error, Phase phase, String summary, String stepAdvice, String excerpt) {}

  private static Optional<StepFailure> stepFailure(StepRunner.Result result, MigrationReport.Outcome outcome, MigrationReport.Placement placement,
      Supplier<String> frozenLog) {
    if (result.error() == null && outcome == result.outcome()) {
      return Optional.empty();
    }
    RuntimeException e = result.error();
    Phase failed = result.failedPhase() == null ? Phase.CLEANUP : result.failedPhase();
    String stepAdvice = e instanceof MigrationException m ? m.advice() : "";
    String excerpt = e instanceof MigrationException m && !m.logExcerpt().isBlank() ? m.logExcerpt() : failed.frozen() ? frozenLog.get() : "";
    return Optional.of(new StepFailure(e, failed, summary(result, failed, placement), stepAdvice, excerpt));
  }

  private String advice(MigrationReport.Outcome outcome, MigrationReport.Placement placement, StepFailure f, StepRunner.Result result) {
    return ReportAdvice.advice(outcome, ct.value(), placement, source.name(), destination.name(), f.stepAdvice(), result.undoFailures(),
        result.leftovers());
  }

  private static boolean moved(MigrationReport.Outcome outcome) {
    return outcome == MigrationReport.Outcome.MIGRATED || outcome == MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS;
  }

  /** What went wrong, in words: the failed step and why, or the check afterwards that contradicted steps that all succeeded. */
  private static String summary(StepRunner.Result result, Phase failed, MigrationReport.Placement placement) {
    RuntimeException e = result.error();
    if (e == null) {
      return "The migration's steps all succeeded, but the check afterwards found: " + placement.describe();
    }
    return (result.handedOver() ? "After the hand-over, '" + failed.label() + "' failed: " : "The migration failed while it was at '"
        + failed.label() + "': ") + e.getMessage();
  }

  /**
   * A Podman container moves with Podman's own checkpoint export and restore import ({@link PodmanOps}), through the same
   * step runner and undo chain; its placement is asked of Podman on both hosts.
   */
  private MigrationReport runPodman(Instant started, StrategyChoice choice, List<PreflightCheck> checks) {
    stateOf = (h, c) -> PodmanContainer.of(h, c).asRuncState();
    PodmanOps ops = new PodmanOps(id, source, destination, ct, threads, this::note);
    StepRunner runner = new StepRunner(ops, undo, this::timed, d -> Thread.sleep(d.toMillis()));
    String path = "";
    try {
      StepRunner.Result result = runner.run(s -> MigrationPlan.forPodman(ops));
      path = ops.path().map(TransferPath::describe).orElse("");
      MigrationReport.Placement placement = placement();
      MigrationReport.Outcome outcome = ReportAdvice.checked(result.outcome(), placement, source.name(), destination.name());
      // Podman writes its own logs; no dump log of Ferry's to quote.
      MigrationReport.Failure failure = stepFailure(result, outcome, placement, () -> "")
          .map(f -> new MigrationReport.Failure(f.phase(), f.summary(), advice(outcome, placement, f, result), f.excerpt())).orElse(null);
      DumpStats dumpStats = null;
      RestoreStats restoreStats = null;
      if (moved(outcome)) {
        dumpStats = ops.dumpStats().orElse(null);
        restoreStats = ops.restoreStats().orElse(null);
        note(ops.podmanTimes());
      }
      return report(started, choice, checks, outcome, failure, dumpStats, restoreStats, placement, List.of(), path);
    } catch (RuntimeException e) {
      LOG.error("migration {} stopped unexpectedly", id, e);
      MigrationReport.Placement placement = placement();
      return report(started, choice, checks, MigrationReport.Outcome.NEEDS_ATTENTION, new MigrationReport.Failure(Phase.CLEANUP,
          "Ferry stopped unexpectedly: " + e, ReportAdvice.where(ct.value(), placement, source.name(), destination.name())
              + " Look at it with 'podman ps -a' on both hosts.", ""), null, null, placement, List.of(), path);
    }
  }

  /** The placement state of a destination copy that runs but is still held, taking no traffic. */
  static final String HELD = "held (running, but takes no traffic until its decision)";

  private boolean held(SshHost h) {
    try {
      return h.exec(Command.of("test", "-f", MigrationJournal.dir(id) + "/hold")).ok();
    } catch (SshException e) {
      return false;
    }
  }

  /** Asks both hosts where the container is. */
  private MigrationReport.Placement placement() {
    Map<String, String> states = new LinkedHashMap<>();
    List<String> running = new ArrayList<>();
    for (SshHost h : List.of(source, destination)) {
      RuncState st = stateOf.apply(h, ct);
      if (st.running() && h == destination && held(h)) {
        // A copy restored but still held (its network closed, waiting for the decision) serves nobody: its
        // decision removes it or lets it take over, so it is not where the container runs.
        states.put(h.name(), HELD);
        continue;
      }
      states.put(h.name(), st.status());
      if (st.running()) {
        running.add(h.name());
      }
    }
    return new MigrationReport.Placement(states, List.copyOf(running), Instant.now().toString());
  }

  private void timed(Phase phase, MigrationStep.Action body) {
    if (phase == Phase.FREEZE_DUMP && cancelled) {
      throw new MigrationException("The migration was cancelled before the freeze.", "Nothing was frozen.");
    }
    frozen |= phase == Phase.FREEZE_DUMP;
    listeners.forEach(l -> l.phaseStarted(id, phase));
    PhaseTiming t = clock.time(phase, body::run);
    listeners.forEach(l -> l.phaseFinished(id, phase, Duration.ofMillis(t.durationMillis()), t.bytes()));
  }

  private <T> T timedValue(Phase phase, java.util.function.Supplier<T> body) {
    Object[] holder = new Object[1];
    timed(phase, () -> {
      holder[0] = body.get();
      return 0L;
    });
    @SuppressWarnings("unchecked")
    T t = (T) holder[0];
    return t;
  }

  private void note(String message) {
    notes.add(message);
    LOG.info("migration {}: {}", id, message);
    listeners.forEach(l -> l.note(id, message));
  }

  private MigrationReport report(Instant started, StrategyChoice choice, List<PreflightCheck> checks, MigrationReport.Outcome outcome,
      MigrationReport.Failure failure, DumpStats dumpStats, RestoreStats restoreStats, MigrationReport.Placement placement, HostOps ops) {
    return report(started, choice, checks, outcome, failure, dumpStats, restoreStats, placement,
        ops == null ? List.of() : ops.memory().rounds(), ops == null ? "" : ops.path().map(TransferPath::describe).orElse(""));
  }

  private MigrationReport report(Instant started, StrategyChoice choice, List<PreflightCheck> checks, MigrationReport.Outcome outcome,
      MigrationReport.Failure failure, DumpStats dumpStats, RestoreStats restoreStats, MigrationReport.Placement placement,
      List<MigrationReport.Round> rounds, String path) {
    List<PhaseTiming> timings = clock.timings();
    List<MigrationReport.Round> allRounds = new ArrayList<>(rounds);
    if (dumpStats != null) {
      allRounds.add(new MigrationReport.Round(rounds.size() + 1, dumpStats.pagesWritten(), dumpStats.pagesSkippedParent(),
          timings.stream().filter(t -> t.phase() == Phase.FREEZE_DUMP).mapToLong(PhaseTiming::durationMillis).sum()));
    }
    MigrationReport r = new MigrationReport(id, ct.value(), source.name(), destination.name(), choice.strategy(), choice.reason(),
        request.dryRun(), outcome, started, clock.nowMillis(), timings, FreezeTimeBreakdown.of(timings), List.copyOf(allRounds), dumpStats,
        restoreStats, path, checks, List.copyOf(notes), failure, placement);
    listeners.forEach(l -> l.finished(r));
    return r;
  }

  private MigrationReport report(Instant started, StrategyChoice choice, List<PreflightCheck> checks, MigrationReport.Outcome outcome,
      MigrationReport.Failure failure, DumpStats dumpStats, RestoreStats restoreStats, MigrationReport.Placement placement) {
    return report(started, choice, checks, outcome, failure, dumpStats, restoreStats, placement, null);
  }
}
