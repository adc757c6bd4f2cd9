package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live migration of a runc container, as a state machine with explicit phases (field notes §1).
 * Each phase that changes a host pushes its undo; a failure before the destination runs the container
 * unwinds them in reverse, so the container ends up running on the source and the destination is left
 * clean. Every phase is timed by one clock and reported, with the freeze-time breakdown.
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
  private final List<String> notes = new ArrayList<>();
  private final ContainerName ct;
  private final String bundle;
  private final String work;
  private volatile boolean cancelled;

  private TransferPath path;
  private java.util.Optional<ContainerNetwork.Layout> network = java.util.Optional.empty();
  private Strategy strategy = Strategy.STOP_AND_COPY;
  private ContainerLock lock;
  private MemorySteps memory;

  public Migration(SshHost source, SshHost destination, MigrationRequest request, EngineThreads threads) {
    this.source = source;
    this.destination = destination;
    this.request = request;
    this.threads = threads;
    this.preflight = new Preflight(source, destination, request.container(), threads.io());
    this.ct = request.container();
    this.bundle = FerryPaths.bundle(ct);
    this.work = FerryPaths.WORK + "/" + ct.value() + "-" + id;
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
    Phase current = Phase.PREFLIGHT;
    DumpStats dumpStats = null;
    RestoreStats restoreStats = null;
    try {
      checks = timed(Phase.PREFLIGHT, () -> 0L, preflight::run);
      choice = preflight.choose(checks, request.strategy());
      note("strategy: " + choice.strategy() + " (" + choice.reason() + ")");
      if (request.dryRun()) {
        return report(started, choice, checks, MigrationReport.Outcome.CHECKED, null, dumpStats, restoreStats);
      }
      if (checks.stream().anyMatch(c -> c.status() == PreflightCheck.Status.FAIL)) {
        String why = checks.stream().filter(c -> c.status() == PreflightCheck.Status.FAIL)
            .map(c -> c.name() + ": " + c.reason()).reduce((a, b) -> a + "; " + b).orElse("");
        return report(started, choice, checks, MigrationReport.Outcome.BLOCKED,
            new MigrationReport.Failure(Phase.PREFLIGHT, "Pre-flight checks block this migration: " + why,
                "Fix what the failed checks say, then try again. Nothing was changed on either host.", ""), dumpStats, restoreStats);
      }
      strategy = choice.strategy();
      memory = new MemorySteps(source, destination, ct, bundle, work, undo, this::note);
      current = Phase.LOCK;
      timed(Phase.LOCK, this::lock);
      current = Phase.PREPARE;
      timed(Phase.PREPARE, this::prepare);
      if (strategy == Strategy.POST_COPY && !(path instanceof DirectPath)) {
        choice = new StrategyChoice(Strategy.STOP_AND_COPY, choice.reason() + "; but post-copy needs the hosts to reach each other"
            + " directly, and they cannot: falling back to stop-and-copy");
        strategy = Strategy.STOP_AND_COPY;
        note("strategy: " + choice.reason());
      }
      if (preflight.sharedStorage()) {
        note("the container's files are on storage both hosts share: no file copies");
      } else {
        current = Phase.SYNC_ROOTFS;
        timed(Phase.SYNC_ROOTFS, () -> {
          long bytes = path.sync(bundle, bundle);
          path.flushDestination(bundle);
          return bytes;
        });
      }
      if (strategy == Strategy.PRE_COPY) {
        current = Phase.PRE_DUMP;
        timed(Phase.PRE_DUMP, () -> memory.preCopy(path, clock));
      }
      checkCancelled();
      SourceWatchdog.start(source, ct, work, request.watchdogDeadline(), bundle, strategy, ContainerLock.path(ct), "ferry-migration-" + id,
          preflight.sharedStorage());
      note("watchdog on " + source.name() + ": takes " + ct + " back unless the destination is confirmed within " + request.watchdogDeadline().toSeconds() + " s");
      current = Phase.FREEZE_DUMP;
      timed(Phase.FREEZE_DUMP, () -> memory.dump(strategy, path));
      if (!preflight.sharedStorage()) {
        current = Phase.COPY_FS_DELTA;
        timed(Phase.COPY_FS_DELTA, () -> path.sync(bundle + "/rootfs", bundle + "/rootfs"));
      }
      current = Phase.COPY_DUMP;
      timed(Phase.COPY_DUMP, () -> path.sync(work + "/img", work + "/img"));
      current = Phase.RESTORE;
      timed(Phase.RESTORE, () -> memory.restore(strategy));
      current = Phase.CONFIRM;
      timed(Phase.CONFIRM, this::confirm);
      handOver();
      if (strategy == Strategy.POST_COPY) {
        current = Phase.LAZY_PAGES;
        timed(Phase.LAZY_PAGES, memory::awaitLazyPages);
      }
      if (strategy == Strategy.POST_COPY) {
        // CRIU 4.2's stats-dump of a lazy dump is not meaningful (zero pages, a frozen time of hours), so it is left out.
        note("CRIU's dump statistics are not reported for post-copy: its lazy dump does not fill them in");
      } else {
        dumpStats = memory.dumpStats().orElse(null);
      }
      restoreStats = memory.restoreStats().orElse(null);
      current = Phase.CLEANUP;
      timed(Phase.CLEANUP, this::cleanupSource);
      return report(started, choice, checks, MigrationReport.Outcome.MIGRATED, null, dumpStats, restoreStats);
    } catch (RuntimeException e) {
      return rollBack(started, choice, checks, current, e);
    }
  }

  private MigrationReport rollBack(Instant started, StrategyChoice choice, List<PreflightCheck> checks, Phase failed, RuntimeException e) {
    LOG.warn("migration {} of {} failed in {}: {}", id, ct, failed, e.getMessage());
    String log = failed.frozen() && memory != null ? memory.dumpLog() : "";
    List<String> undoFailures = undo.unwind();
    String advice = e instanceof MigrationException m ? m.advice() : "See the details below; the container was kept on " + source.name() + ".";
    MigrationReport.Outcome outcome = undoFailures.isEmpty() ? MigrationReport.Outcome.ROLLED_BACK : MigrationReport.Outcome.NEEDS_ATTENTION;
    if (!undoFailures.isEmpty()) {
      advice = "Rolling back did not finish: " + String.join("; ", undoFailures) + ". " + advice;
    }
    String summary = "The migration failed while it was at '" + failed.label() + "': " + e.getMessage();
    String excerpt = e instanceof MigrationException m && !m.logExcerpt().isBlank() ? m.logExcerpt() : log;
    return report(started, choice, checks, outcome, new MigrationReport.Failure(failed, summary, advice, excerpt), null, null);
  }

  private long lock() {
    lock = ContainerLock.tryAcquire(source, ct).orElseThrow(() -> new MigrationException(
        ContainerLock.busyMessage(source, ct), ContainerLock.busyAdvice(source, ct)));
    undo.push("unlock " + ct, lock::close);
    return 0;
  }

  private long prepare() {
    run(source, Command.of("mkdir", "-p", work + "/img"));
    undo.push("remove work folder on " + source.name(), () -> source.exec(Command.of("rm", "-rf", work)));
    run(destination, Command.of("mkdir", "-p", work + "/img", FerryPaths.CONTAINERS));
    undo.push("remove work folder on " + destination.name(), () -> destination.exec(Command.of("rm", "-rf", work)));
    if (!preflight.sharedStorage()) {
      undo.push("remove copied bundle on " + destination.name(), () -> destination.exec(Command.of("rm", "-rf", bundle)));
    }
    List<String> addresses = List.of(run(destination, Command.script(
        "ip -o -4 addr show scope global | sed -n 's/.* inet \\([0-9.]*\\)\\/.*/\\1/p'")).stdout().strip().split("\\s+"));
    String user = destination.target().user();
    path = addresses.isEmpty() || addresses.get(0).isBlank() ? null
        : DirectPath.open(source, destination, work, user, id, destination.hostKey(), addresses);
    if (path == null) {
      path = new RelayPath(source, destination, threads.io());
      note("the hosts cannot reach each other directly; relaying data through this client");
    }
    undo.push("close the transfer path", path::close);
    note("transfer: " + path.describe());
    network = ContainerNetwork.read(source, ct);
    network.ifPresent(n -> {
      ContainerNetwork.create(destination, n);
      undo.push("remove the network namespace " + n.namespace() + " on " + destination.name(), () -> ContainerNetwork.delete(destination, n));
      note("network: " + n.namespace() + " with " + String.join(", ", n.addresses()) + " made ready on " + destination.name()
          + "; route those addresses to " + destination.name() + " once it runs there");
    });
    return 0;
  }

  private long confirm() {
    String status = destination.exec(RuncCommands.status(ct)).stdout().strip();
    if (!status.equals("running")) {
      throw new MigrationException("After the restore, " + ct + " on " + destination.name() + " is '" + status + "', not running.",
          "The container was brought back on " + source.name() + ".");
    }
    return 0;
  }

  /**
   * From here the destination runs the container: nothing may bring the source copy back (never on
   * two hosts), and nothing may remove the destination's (never on zero).
   */
  private void handOver() {
    if (!SourceWatchdog.claimForDestination(source, work)) {
      memory.forgetSourceRecovery();
      throw new MigrationException("The watchdog on " + source.name() + " took " + ct + " back before this client could confirm"
          + " the destination (its deadline of " + request.watchdogDeadline().toSeconds() + " s passed).",
          ct + " runs on " + source.name() + " again. Try the migration again; if it keeps happening, allow a longer deadline.");
    }
    memory.forgetSourceRecovery();
    memory.forgetDestinationRemoval();
    undo.drop("remove copied bundle on " + destination.name());
    network.ifPresent(n -> undo.drop("remove the network namespace " + n.namespace() + " on " + destination.name()));
  }

  private long cleanupSource() {
    source.exec(Command.of("runc", "delete", "--force", ct.value()));
    if (!preflight.sharedStorage()) {
      run(source, Command.of("rm", "-rf", bundle));
    }
    network.ifPresent(n -> ContainerNetwork.delete(source, n));
    path.close();
    source.exec(Command.of("rm", "-rf", work));
    destination.exec(Command.of("rm", "-rf", work));
    lock.close();
    return 0;
  }

  private void checkCancelled() {
    if (cancelled) {
      throw new MigrationException("The migration was cancelled before the freeze.", "Nothing changed: " + ct + " keeps running on " + source.name() + ".");
    }
  }

  private <T> T timed(Phase phase, java.util.function.LongSupplier bytes, java.util.function.Supplier<T> body) {
    Object[] holder = new Object[1];
    timed(phase, () -> {
      holder[0] = body.get();
      return bytes.getAsLong();
    });
    @SuppressWarnings("unchecked")
    T t = (T) holder[0];
    return t;
  }

  private void timed(Phase phase, java.util.function.LongSupplier body) {
    listeners.forEach(l -> l.phaseStarted(id, phase));
    PhaseTiming t = clock.time(phase, body);
    listeners.forEach(l -> l.phaseFinished(id, phase, Duration.ofMillis(t.durationMillis()), t.bytes()));
  }

  private void note(String message) {
    notes.add(message);
    LOG.info("migration {}: {}", id, message);
    listeners.forEach(l -> l.note(id, message));
  }

  private MigrationReport report(Instant started, StrategyChoice choice, List<PreflightCheck> checks, MigrationReport.Outcome outcome,
      MigrationReport.Failure failure, DumpStats dumpStats, RestoreStats restoreStats) {
    List<PhaseTiming> timings = clock.timings();
    List<MigrationReport.Round> rounds = memory == null ? List.of() : memory.rounds();
    List<MigrationReport.Round> allRounds = new ArrayList<>(rounds);
    if (dumpStats != null) {
      allRounds.add(new MigrationReport.Round(rounds.size() + 1, dumpStats.pagesWritten(), dumpStats.pagesSkippedParent(),
          timings.stream().filter(t -> t.phase() == Phase.FREEZE_DUMP).mapToLong(PhaseTiming::durationMillis).sum()));
    }
    MigrationReport r = new MigrationReport(id, ct.value(), source.name(), destination.name(), choice.strategy(), choice.reason(),
        request.dryRun(), outcome, started, clock.nowMillis(), timings, FreezeTimeBreakdown.of(timings), List.copyOf(allRounds), dumpStats, restoreStats,
        path == null ? "" : path.describe(), checks, List.copyOf(notes), failure);
    listeners.forEach(l -> l.finished(r));
    return r;
  }

  private static ExecResult run(SshHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }


}
