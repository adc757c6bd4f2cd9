package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.criu.CriuErrors;
import dev.ferry.engine.criu.CriuFailure;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.PreCopyPolicy;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a container's memory and process state move, for each strategy: pre-copy rounds while it
 * runs, the freeze and dump (full, or lazy with CRIU's page server for post-copy), the restore on the
 * destination, and waiting for the last lazy pages. Each step that changes a host pushes its undo;
 * failures come back in CRIU's words translated to plain ones (CriuErrors).
 */
final class MemorySteps {
  private static final Duration CRIU_TIMEOUT = Duration.ofMinutes(10);
  // Where CRIU's page server listens during post-copy; a port in a range no common service uses.
  private static final int PAGE_SERVER_PORT_BASE = 27000;
  private static final int PAGE_SERVER_PORT_RANGE = 1000;
  // How long the destination may take to fetch the remaining pages after resuming (256 MiB takes ~1 s here).
  private static final Duration LAZY_PAGES_LIMIT = Duration.ofMinutes(10);

  private final SshHost source;
  private final SshHost destination;
  private final ContainerName ct;
  private final String bundle;
  private final String work;
  private final UndoStack undo;
  private final Consumer<String> note;
  private final List<MigrationReport.Round> rounds = new ArrayList<>();
  private final int pageServerPort = PAGE_SERVER_PORT_BASE + new java.util.Random().nextInt(PAGE_SERVER_PORT_RANGE);
  private String finalDumpParent;
  private String pageServerAddress;

  MemorySteps(SshHost source, SshHost destination, ContainerName ct, String bundle, String work, UndoStack undo, Consumer<String> note) {
    this.source = source;
    this.destination = destination;
    this.ct = ct;
    this.bundle = bundle;
    this.work = work;
    this.undo = undo;
    this.note = note;
  }

  List<MigrationReport.Round> rounds() {
    return List.copyOf(rounds);
  }

  Optional<DumpStats> dumpStats() {
    return CriuStatsReader.dump(source, work + "/dump/stats-dump");
  }

  Optional<RestoreStats> restoreStats() {
    return CriuStatsReader.restore(destination, work + "/restore/stats-restore");
  }

  /** Once the destination runs the container, nothing may bring the source's copy back. */
  void forgetSourceRecovery() {
    undo.drop(restoreOnSourceStep());
    undo.drop(stopLazyDumpStep());
  }

  /** Once the destination runs the container for good, nothing may remove it. */
  void forgetDestinationRemoval() {
    undo.drop(removeFromDestinationStep());
  }

  private String restoreOnSourceStep() {
    return "restore " + ct + " on " + source.name();
  }

  private String stopLazyDumpStep() {
    return "stop the post-copy dump and resume " + ct + " on " + source.name();
  }

  private String removeFromDestinationStep() {
    return "remove " + ct + " from " + destination.name();
  }

  private static ExecResult run(SshHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }

  /** Freezes and dumps the container on the source as the strategy wants; returns the bytes it moved. */
  long dump(Strategy strategy, TransferPath path) {
    return strategy == Strategy.POST_COPY ? lazyDump((DirectPath) path) : fullDump();
  }

  private long lazyDump(DirectPath path) {
    pageServerAddress = path.sourceAddress();
    undo.push(stopLazyDumpStep(),
        () -> source.exec(RuncCommands.abortLazyCheckpoint(ct, work + "/dump")).orThrow(source.name(), RuncCommands.abortLazyCheckpoint(ct, work + "/dump")));
    ExecResult r = source.exec(RuncCommands.lazyCheckpoint(ct, work + "/img", work + "/dump", pageServerAddress, pageServerPort), CRIU_TIMEOUT);
    if (!r.ok()) {
      throw criuFailure("CRIU could not dump " + ct + " on " + source.name() + " for post-copy", r, criuLogs(),
          "The container was resumed on " + source.name() + ".");
    }
    return 0;
  }

  /** Post-copy: waits until the destination has fetched every page and the source's dump ended. */
  long awaitLazyPages() {
    ExecResult r = source.exec(RuncCommands.awaitLazyCheckpoint(work + "/dump", LAZY_PAGES_LIMIT), LAZY_PAGES_LIMIT.plusMinutes(1));
    if (!r.ok()) {
      // The container already runs on the destination; only its remaining memory was at stake.
      throw new MigrationException("The destination did not receive all of " + ct + "'s memory from " + source.name() + ": "
          + firstLine(r.stdout() + "\n" + r.stderr()), "Check " + ct + " on " + destination.name() + "; the CRIU logs below say what broke.", criuLogs(), null);
    }
    return 0;
  }

  /** Pre-copy rounds while the container runs; each round's images go to the destination at once. */
  long preCopy(TransferPath path, PhaseClock clock) {
    long[] bytes = {0};
    PreCopyRounds.Result result = PreCopyRounds.run(PreCopyPolicy.ferryDefault(), (n, dir, parent) -> {
      Command c = RuncCommands.preDump(ct, work + "/" + dir, work + "/" + dir + "-work", parent);
      ExecResult r = source.exec(c, CRIU_TIMEOUT);
      if (!r.ok()) {
        throw criuFailure("Pre-copy round " + n + " failed on " + source.name(), r, criuLog(source, work + "/" + dir + "-work"),
            ct + " kept running on " + source.name() + "; --strategy stop-and-copy avoids pre-copy.");
      }
      bytes[0] += path.sync(work + "/" + dir, work + "/" + dir);
      return CriuStatsReader.dump(source, work + "/" + dir + "-work/stats-dump")
          .orElseThrow(() -> new MigrationException("CRIU left no statistics for pre-copy round " + n + " on " + source.name() + ".",
              "Try --strategy stop-and-copy."));
    }, clock::nowMillis);
    rounds.addAll(result.rounds());
    finalDumpParent = "../" + result.lastDir();
    note.accept("pre-copy: " + result.rounds().size() + " round(s); " + result.stopReason());
    return bytes[0];
  }

  private long fullDump() {
    ExecResult r = source.exec(RuncCommands.checkpoint(ct, work + "/img", work + "/dump", false, finalDumpParent), CRIU_TIMEOUT);
    if (!r.ok()) {
      throw criuFailure("CRIU could not dump " + ct + " on " + source.name(), r, criuLogs(), "The container was resumed on " + source.name() + ".");
    }
    undo.push(restoreOnSourceStep(), () -> {
      Command restore = RuncCommands.restore(ct, work + "/img", work + "/undo", bundle, false);
      source.exec(restore, CRIU_TIMEOUT).orThrow(source.name(), restore);
    });
    return 0;
  }

  /** Restores the container on the destination (with the lazy-pages daemon for post-copy). */
  long restore(Strategy strategy) {
    boolean lazy = strategy == Strategy.POST_COPY;
    undo.push(removeFromDestinationStep(), () -> {
      destination.exec(Command.of("runc", "delete", "--force", ct.value()));
      destination.exec(RuncCommands.stopLazyPagesDaemon(work + "/restore"));
    });
    if (lazy) {
      run(destination, RuncCommands.lazyPagesDaemon(work + "/img", work + "/restore", pageServerAddress, pageServerPort));
    }
    ExecResult r = destination.exec(RuncCommands.restore(ct, work + "/img", work + "/restore", bundle, lazy), CRIU_TIMEOUT);
    if (!r.ok()) {
      throw criuFailure("CRIU could not restore " + ct + " on " + destination.name(), r, restoreLog(),
          "The container was brought back on " + source.name() + ".");
    }
    return 0;
  }

  String dumpLog() {
    return criuLogs();
  }

  private String criuLogs() {
    return criuLog(source, work + "/dump");
  }

  /** A CRIU failure in plain words (CriuErrors), saying where the container is now, with the log excerpt that shows why. */
  private static MigrationException criuFailure(String what, ExecResult r, String log, String whereItIs) {
    CriuFailure f = CriuErrors.explain(r.stderr() + "\n" + r.stdout(), log);
    return new MigrationException(what + ": " + f.summary(), whereItIs + " " + f.advice(), f.logExcerpt().isBlank() ? log : f.logExcerpt(), null);
  }

  private static String criuLog(SshHost host, String workDir) {
    return host.exec(RuncCommands.logTail(workDir)).stdout();
  }

  private String restoreLog() {
    return destination.exec(RuncCommands.logTail(work + "/restore")).stdout();
  }

  private static String firstLine(String text) {
    return text.strip().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no message)");
  }
}
