package dev.ferry.engine.migration;

import dev.ferry.engine.container.CgroupShell;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.criu.CriuErrors;
import dev.ferry.engine.criu.CriuFailure;
import dev.ferry.engine.criu.CriuStats;
import dev.ferry.engine.criu.CriuStatsFormatException;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.PreCopyPolicy;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostPipe;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a container's memory and process state move, for each strategy: pre-copy rounds while it
 * runs, the freeze and dump (full, or lazy with CRIU's page server for post-copy), the restore on the
 * destination, and waiting for the last lazy pages. The original stays paused on the source until the
 * decision (its undo is a resume, never a restore from images); failures come back in CRIU's words
 * translated to plain ones (CriuErrors).
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
  private final Consumer<String> note;
  private final List<MigrationReport.Round> rounds = new ArrayList<>();
  private final int pageServerPort = PAGE_SERVER_PORT_BASE + new java.util.Random().nextInt(PAGE_SERVER_PORT_RANGE);
  private static final long PAGE_BYTES = 4096;
  static final long STREAM_MIN_BYTES = 128L * 1024 * 1024;
  // The anonymous and shared memory of the container's cgroup (what a dump writes), from cgroup v1's or v2's memory.stat.
  private static final String ANON_BYTES = CgroupShell.CGROUP_DIR + """
      d=$(cgroup_dir memory "$1")
      [ -n "$d" ] && [ -f "$d/memory.stat" ] || { echo 0; exit 0; }
      case $d in
        /sys/fs/cgroup/memory/*) awk '$1=="total_rss"||$1=="total_shmem"{s+=$2} END{print s+0}' "$d/memory.stat" ;;
        *) awk '$1=="anon"||$1=="shmem"{s+=$2} END{print s+0}' "$d/memory.stat" ;;
      esac
      """;
  private String finalDumpParent;
  private String pageServerAddress;
  private Optional<DumpStats> dumpStats = Optional.empty();
  private boolean streamed;

  MemorySteps(SshHost source, SshHost destination, ContainerName ct, String bundle, String work, Consumer<String> note) {
    this.source = source;
    this.destination = destination;
    this.ct = ct;
    this.bundle = bundle;
    this.work = work;
    this.note = note;
  }

  List<MigrationReport.Round> rounds() {
    return List.copyOf(rounds);
  }

  /** CRIU's statistics of the last dump: as its command printed them, else read from the source. */
  Optional<DumpStats> dumpStats() {
    return dumpStats.isPresent() ? dumpStats : CriuStatsReader.dump(source, work + "/dump/stats-dump");
  }

  Optional<RestoreStats> restoreStats() {
    return CriuStatsReader.restore(destination, work + "/restore/stats-restore");
  }

  private static ExecResult run(SshHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }

  /**
   * Freezes and dumps the container on the source as the strategy wants, leaving the original paused
   * with its network held ({@code holdNetwork}: it has a namespace of its own); returns the bytes moved.
   */
  long dump(Strategy strategy, TransferPath path, long pid, boolean holdNetwork, String beforeHold, String whileFrozen, String afterDump) {
    String hold = holdNetwork ? beforeHold + NetworkHold.HOLD : "";
    String release = holdNetwork ? NetworkHold.RELEASE : "";
    if (strategy == Strategy.POST_COPY) {
      pageServerAddress = ((DirectPath) path).sourceAddress();
      Command c = RuncCommands.lazyCheckpoint(ct, work + "/img", work + "/dump", pageServerAddress, pageServerPort, pid, hold, release,
          whileFrozen, holdNetwork);
      ExecResult r = source.exec(c, CRIU_TIMEOUT);
      if (!r.ok()) {
        throw criuFailure("CRIU could not dump " + ct + " on " + source.name() + " for post-copy", r, criuLogs());
      }
      return 0;
    }
    // The pages stream to the destination while CRIU dumps (the copy overlaps the dump) where the path can, and the
    // dump starts from scratch: a pre-copy's last dump is relative to its earlier rounds' images.
    // A small dump is not worth it: each of the few replies CRIU waits for crosses the SSH connection, whose socket
    // delays small packets (Nagle, no TCP_NODELAY without a terminal), ~175 ms in all for the idle counter, more than the
    // overlap saves below ~80 MiB (measured on the lab: 203 -> 380 ms felt idle, 3437 -> 2813 ms at 256 MiB).
    Optional<String> stream = finalDumpParent == null && anonymousBytes(pid) >= STREAM_MIN_BYTES
        ? path.pageStream(work + "/img", work + "/pages") : Optional.empty();
    streamed = stream.isPresent();
    if (streamed) {
      note.accept("pages: streamed to " + destination.name() + " while CRIU dumps (its page server, through the migration's SSH connection)");
    }
    Command c = RuncCommands.migrationCheckpoint(ct, pid, hold, release, whileFrozen, afterDump, work + "/img", work + "/dump", finalDumpParent,
        holdNetwork, stream.orElse(""));
    ExecResult r = source.exec(c, CRIU_TIMEOUT);
    if (!r.ok()) {
      throw criuFailure("CRIU could not dump " + ct + " on " + source.name(), r, criuLogs());
    }
    dumpStats = decodeStats(r.stdout().strip());
    return streamed ? dumpStats.map(d -> d.pagesWritten() * PAGE_BYTES).orElse(0L) : 0;
  }

  private long anonymousBytes(long pid) {
    ExecResult r = source.exec(Command.script(ANON_BYTES, Long.toString(pid)));
    try {
      return r.ok() ? Long.parseLong(r.stdout().strip()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Optional<DumpStats> decodeStats(String base64) {
    if (base64.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CriuStats.parseDump(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | CriuStatsFormatException e) {
      note.accept("CRIU's dump statistics were not readable: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Brings the pages a streamed dump left on the destination back into the source's images, through this client (the
   * hosts' own connection may have gone with a host), so that the source holds a complete dump again; returns the bytes.
   */
  long fetchStreamedPages(Executor io) {
    Command out = Command.script("cd \"$1\" && exec tar --numeric-owner -cpf - pagemap-*.img pages-*.img", work + "/img");
    Command in = Command.script("mkdir -p \"$1\" && exec tar -C \"$1\" --numeric-owner -xpf -", work + "/img");
    return HostPipe.pipe(destination, out, source, in, CRIU_TIMEOUT, io);
  }

  /** Whether the last dump's pages went straight to the destination (then only the other images are left to copy). */
  boolean streamed() {
    return streamed;
  }

  /** Ends a post-copy dump that has not handed over (the processes stay alive, paused); no-op for other strategies. */
  void endLazyDump(Strategy strategy) {
    if (strategy == Strategy.POST_COPY) {
      Command c = RuncCommands.abortLazyCheckpoint(work + "/dump");
      source.exec(c, Duration.ofSeconds(40)).orThrow(source.name(), c);
    }
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
        throw criuFailure("Pre-copy round " + n + " failed on " + source.name() + " (--strategy stop-and-copy avoids pre-copy)", r,
            criuLog(source, work + "/" + dir + "-work"));
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

  /**
   * Restores the container on the destination (with the lazy-pages daemon for post-copy), into a
   * network namespace already held when it is a named one; returns nothing moved.
   */
  /** Restores on the destination, then runs {@code after} there in the same command; returns what it printed. */
  String restore(Strategy strategy, String after, String afterArg, boolean networkHeld) {
    boolean lazy = strategy == Strategy.POST_COPY;
    if (lazy) {
      run(destination, RuncCommands.lazyPagesDaemon(work + "/img", work + "/restore", pageServerAddress, pageServerPort));
    }
    ExecResult r = destination.exec(RuncCommands.restore(ct, work + "/img", work + "/restore", bundle, lazy, after, afterArg, networkHeld), CRIU_TIMEOUT);
    if (!r.ok()) {
      throw criuFailure("CRIU could not restore " + ct + " on " + destination.name(), r, restoreLog());
    }
    return r.stdout();
  }

  /** Removes whatever a restore left on the destination: the container and a lazy-pages daemon. */
  void removeFromDestination() {
    destination.exec(Command.of("runc", "delete", "--force", ct.value()));
    destination.exec(RuncCommands.stopLazyPagesDaemon(work + "/restore"));
  }

  String dumpLog() {
    return criuLogs();
  }

  private String criuLogs() {
    return criuLog(source, work + "/dump");
  }

  /** A CRIU failure in plain words (CriuErrors), saying where the container is now, with the log excerpt that shows why. */
  private static MigrationException criuFailure(String what, ExecResult r, String log) {
    CriuFailure f = CriuErrors.explain(r.stderr() + "\n" + r.stdout(), log);
    return new MigrationException(what + ": " + f.summary(), f.advice(), f.logExcerpt().isBlank() ? log : f.logExcerpt(), null);
  }

  private static String criuLog(SshHost host, String workDir) {
    try {
      return host.exec(RuncCommands.logTail(workDir)).stdout();
    } catch (SshException e) {
      // The log only explains a failure: a host out of reach costs the excerpt, not the report.
      return "(CRIU's log on " + host.name() + " could not be read: " + e.getMessage() + ")";
    }
  }

  private String restoreLog() {
    return destination.exec(RuncCommands.logTail(work + "/restore")).stdout();
  }

  private static String firstLine(String text) {
    return text.strip().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no message)");
  }
}
