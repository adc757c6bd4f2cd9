package dev.ferry.engine.migration;

import dev.ferry.engine.probe.IpJson;
import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.container.MigrationCriuConfig;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one migration done on real hosts over SSH ({@link MigrationOps}): locks and journal on
 * both hosts, the lease and the source's watchdog, the transfer path, the freeze that leaves the
 * original paused and held, the held restore, the decision, and the clean-up.
 */
final class HostOps implements MigrationOps {
  private static final Logger LOG = LoggerFactory.getLogger(HostOps.class);
  private static final Duration RESUME_LIMIT = Duration.ofSeconds(5);
  // A restore from a dump on the source: the same bound as any CRIU restore of the engine.
  private static final Duration SOURCE_RESTORE_LIMIT = Duration.ofMinutes(10);
  /** Less than this free where the restored container's files are, and it is kept on the source. */
  static final long MIN_FREE_AFTER_RESTORE = 16L << 20;

  private final String id;
  private final SshHost source;
  private final SshHost destination;
  private final ContainerName ct;
  private final String bundle;
  private final String work;
  private final boolean shared;
  private final EngineThreads threads;
  private final PhaseClock clock;
  private final Consumer<String> note;
  private final MemorySteps memory;
  // Whether the container has a network namespace of its own, which Ferry holds on both hosts (set by prepare).
  private boolean networkHeld;
  private Strategy strategy;
  private TransferPath path;
  private Optional<ContainerNetwork.Layout> network = Optional.empty();
  private Optional<TrafficMove> traffic = Optional.empty();
  // Set once a stop-and-copy or pre-copy dump has ended on the source: its images alone can bring the container back.
  private volatile boolean completeDumpOnSource;
  private MigrationLocks locks;
  private JournalLease journal;
  private boolean journalStarted;
  private boolean frozenCopyStarted;
  // Set once copyDump asked the source the restore's question (JournalLease) and the answer let the restore go on.
  private boolean restoreAllowed;
  private long pid;
  private long resumeMillis = -1;
  private Optional<dev.ferry.engine.criu.DumpStats> dumpStats = Optional.empty();
  private Optional<dev.ferry.engine.criu.RestoreStats> restoreStats = Optional.empty();

  HostOps(String id, SshHost source, SshHost destination, ContainerName ct, Strategy strategy, boolean shared, EngineThreads threads,
      PhaseClock clock, Consumer<String> note) {
    this.id = id;
    this.source = source;
    this.destination = destination;
    this.ct = ct;
    this.strategy = strategy;
    this.shared = shared;
    this.threads = threads;
    this.clock = clock;
    this.note = note;
    this.bundle = FerryPaths.bundle(ct);
    this.work = FerryPaths.WORK + "/" + ct.value() + "-" + id;
    this.memory = new MemorySteps(source, destination, ct, bundle, work, note);
  }

  String work() {
    return work;
  }

  MemorySteps memory() {
    return memory;
  }

  Optional<TransferPath> path() {
    return Optional.ofNullable(path);
  }

  /** CRIU's statistics, read before the clean-up removes the work folders. */
  Optional<dev.ferry.engine.criu.DumpStats> dumpStats() {
    return dumpStats;
  }

  Optional<dev.ferry.engine.criu.RestoreStats> restoreStats() {
    return restoreStats;
  }

  private void readStats() {
    if (strategy != Strategy.POST_COPY) {
      dumpStats = memory.dumpStats();
    }
    restoreStats = memory.restoreStats();
  }

  /** How long the last roll-back's resume of the original took, or -1. */
  long resumeMillis() {
    return resumeMillis;
  }

  @Override
  public Strategy strategy() {
    return strategy;
  }

  @Override
  public long lock() {
    for (RecoveryAction a : MigrationRecovery.recover(source, destination)) {
      note.accept("recovery: " + a.describe());
    }
    ContainerLock.Owner owner = ContainerLock.Owner.thisClient("migration " + id + " of " + ct + " from " + source.name() + " to "
        + destination.name(), Lease.TIMEOUT);
    locks = MigrationLocks.take(source, destination, ct, owner);
    network = ContainerNetwork.read(source, ct);
    String ns = network.map(ContainerNetwork.Layout::namespace).orElse("");
    MigrationJournal.Entry e = new MigrationJournal.Entry(id, ct.value(), source.name(), destination.name(), "source", "locked",
        strategy.label(), work, bundle, shared, ns, owner.clientId(), Instant.now().toString(), "runc", "");
    journal = JournalLease.start(source, destination, locks, e, threads);
    SourceWatchdog.start(source, new SourceWatchdog.Params(MigrationJournal.dir(id), ct, work, bundle, shared,
        ContainerLock.path(ct), owner.token(), keyTag(), ns, id));
    journalStarted = true;
    note.accept("watchdog on " + source.name() + ": takes " + ct + " back if this client stops renewing its lease for "
        + Lease.TIMEOUT.toSeconds() + " s");
    return 0;
  }

  private String keyTag() {
    return "ferry-migration-" + id;
  }

  @Override
  public void unlock() {
    if (locks != null) {
      locks.release();
    }
  }

  @Override
  public long prepare() {
    RuncState st = RuncState.of(source, ct);
    if (!st.running()) {
      throw new MigrationException(ct + " is " + st.status() + " on " + source.name() + ", not running.", "Only a running container is migrated.");
    }
    pid = st.pid();
    // The marker lets a later sweep tell a dead migration's work folder from a checkpoint's or restore's.
    run(source, Command.script(MAKE_WORK, work, id, ""));
    run(destination, Command.script(MAKE_WORK, work, id, FerryPaths.CONTAINERS));
    networkHeld = !run(source, Command.script("[ \"$(stat -L -c %i /proc/$1/ns/net)\" = \"$(stat -L -c %i /proc/self/ns/net)\" ] && echo shared; true",
        Long.toString(pid))).stdout().contains("shared");
    // CRIU's config files for the freeze (and, for a network Ferry holds, no second lock of it): MigrationCriuConfig.
    for (SshHost h : new SshHost[] {source, destination}) {
      run(h, MigrationCriuConfig.install());
    }
    if (!networkHeld) {
      note.accept(ct + " shares " + source.name() + "'s network namespace: its network cannot be held without cutting the host off,"
          + " so neither copy's network is held (CRIU locks it while it dumps and restores)");
    }
    String config = source.exec(Command.of("cat", bundle + "/config.json")).stdout();
    if (OwnNetworkRestore.prepare(source, destination, bundle, config)) {
      note.accept(ct + " has a network namespace of its own: CRIU brings its lo up on " + destination.name()
          + " before its sockets are restored (" + OwnNetworkRestore.CONFIG + ")");
    }
    List<String> to = addresses(destination);
    List<String> from = addresses(source);
    path = TransferPath.open(source, destination, work, id, to, from, threads.io(), note);
    if (path instanceof RelayPath && strategy == Strategy.POST_COPY) {
      strategy = Strategy.STOP_AND_COPY;
      note.accept("strategy: post-copy needs the hosts to reach each other directly, and they cannot: falling back to stop-and-copy");
    }
    // Written before the freeze: whoever finds this journal knows the original may be paused and held.
    run(source, Command.script("printf '%s\\n' \"$2\" > \"$1/hold\"", MigrationJournal.dir(id), Long.toString(pid)));
    network.ifPresent(n -> {
      ContainerNetwork.create(destination, n);
      // Held from birth: the copy restored into it takes no traffic until the decision "destination" is read back.
      String target = "netns:" + n.namespace();
      NetworkHold.hold(destination, target, false);
      run(destination, Command.script("printf '%s\\n' \"$2\" > \"$1/hold\"", MigrationJournal.dir(id), target));
      List<String> notes = new ArrayList<>();
      traffic = TrafficMove.plan(id, source, destination, ct.value(), n, from, to, notes);
      notes.forEach(note);
      note.accept("network: " + n.namespace() + " with " + String.join(", ", n.addresses()) + " made ready on " + destination.name()
          + traffic.map(t -> "; " + t.describe()).orElse(""));
    });
    return 0;
  }

  private static final String MAKE_WORK = "mkdir -p \"$1/img\" ${3:+\"$3\"} && printf '%s\\n' \"$2\" > \"$1/.migration\"";

  static List<String> addresses(SshHost host) {
    return IpJson.addresses(run(host, Command.of("ip", "-j", "-4", "addr", "show", "scope", "global")).stdout()).stream()
        .map(IpJson.Address::local).toList();
  }

  @Override
  public void unprepare() {
    if (path != null) {
      path.close();
    }
    network.ifPresent(n -> ContainerNetwork.delete(destination, n));
    if (completeDumpOnSource && !RuncState.of(source, ct).running()) {
      // The dump is the container's last copy while the original does not run: it stays for a person or recovery.
      LOG.warn("{} does not run on {}: keeping its dump in {}", ct, source.name(), work);
    } else {
      source.exec(Command.of("rm", "-rf", work));
    }
    destination.exec(Command.of("rm", "-rf", work));
    if (!shared) {
      destination.exec(Command.of("rm", "-rf", bundle));
    }
  }

  @Override
  public long syncRootfs() {
    long bytes = path.sync(bundle, bundle);
    path.flushDestination(bundle);
    return bytes;
  }

  @Override
  public long preCopy() {
    return memory.preCopy(path, clock);
  }

  @Override
  public boolean movesTraffic() {
    return traffic.isPresent();
  }

  @Override
  public long divert() {
    TrafficMove t = traffic.orElseThrow();
    t.holdAtDestination(destination);
    t.divert(source, pid);
    return 0;
  }

  @Override
  public void undivert() {
    TrafficMove.undivert(source, id);
  }

  // The copy of the file system's last changes, started by the freeze once the container is paused (it overlaps the dump).
  private String frozenCopyOut() {
    return work + "/rootfs-delta.out";
  }

  private String frozenCopyRc() {
    return work + "/rootfs-delta.rc";
  }

  // The images' copy, started at CRIU's post-dump where the container was frozen at its pre-dump.
  private String imagesOut() {
    return work + "/images-ship.out";
  }

  private String imagesRc() {
    return work + "/images-ship.rc";
  }

  @Override
  public long freezeDump() {
    String whileFrozen = shared ? "" : path.backgroundSync(bundle + "/rootfs", bundle + "/rootfs", frozenCopyOut(), frozenCopyRc()).orElse("");
    frozenCopyStarted = !whileFrozen.isEmpty();
    // The images start on their way at CRIU's post-dump (not for post-copy, whose dump serves pages until the end).
    String afterDump = frozenCopyStarted && strategy != Strategy.POST_COPY
        ? path.backgroundShip(work + "/img", work + "/img", imagesOut(), imagesRc()).orElse("") : "";
    long bytes = memory.dump(strategy, path, pid, networkHeld, traffic.map(t -> TrafficMove.divertAllFirst(id)).orElse(""), whileFrozen,
        afterDump);
    completeDumpOnSource = strategy != Strategy.POST_COPY;
    return bytes;
  }

  @Override
  public void resumeSource() {
    long start = System.nanoTime();
    RuncState before = RuncState.of(source, ct);
    if (before.running() && strategy != Strategy.POST_COPY) {
      return; // never paused (the failure came before the freeze) or the dump resumed it already
    }
    if (before.absent() && completeDumpOnSource) {
      if (memory.streamed()) {
        fetchStreamedPages();
      }
      restoreSourceFromDump(start);
      return;
    }
    if (before.absent()) {
      // Killed with its host before any complete copy of its state existed (a lazy dump keeps the
      // memory in the processes): nothing can bring the processes back, and resuming would only fail.
      throw new MigrationException("The original of " + ct + " is gone from " + source.name() + " and no complete dump of it exists.",
          lostWithHostAdvice(false, true));
    }
    memory.endLazyDump(strategy);
    // One command: lift the hold, resume, wait (bounded) until runc says running.
    Command c = Command.script(RESUME, Long.toString(pid), ct.value(), MigrationJournal.dir(id), NetworkHold.RELEASE,
        Long.toString(RESUME_LIMIT.toMillis() / 20));
    ExecResult r = source.exec(c, RESUME_LIMIT.plusSeconds(20));
    resumeMillis = (System.nanoTime() - start) / 1_000_000;
    RuncState st = RuncState.of(source, ct);
    if (!r.ok() || !st.running()) {
      throw new MigrationException("The original of " + ct + " on " + source.name() + " is " + st.status() + " after resuming it: "
          + r.stderr().strip(), "Look at it with 'runc state " + ct + "' on " + source.name() + ".");
    }
    note.accept("roll-back: the original of " + ct + " runs again on " + source.name() + ", " + resumeMillis + " ms after the resume began");
  }

  // The dump's pages went to the destination while it ran: the source's dump is complete again only with them.
  private void fetchStreamedPages() {
    try {
      long bytes = memory.fetchStreamedPages(threads.io());
      note.accept("roll-back: fetched the dump's pages (" + bytes + " bytes) back from " + destination.name()
          + " (they had been streamed there)");
    } catch (RuntimeException e) {
      throw new MigrationException("The original of " + ct + " is gone from " + source.name() + ", and the memory pages of its dump,"
          + " streamed to " + destination.name() + " while it dumped, could not be fetched back: " + e.getMessage(), lostWithHostAdvice(false, true));
    }
  }

  /**
   * The paused original is gone from the source (the host restarted, or its processes were killed), but
   * the full dump it wrote before the freeze ended is still on the source's disk: the one complete copy
   * of the container's state. Restoring from it there, in the network namespace rebuilt as it was, is
   * the only way back; the work folder holding the dump is removed only after this (undo order).
   */
  private void restoreSourceFromDump(long start) {
    network.ifPresent(n -> ContainerNetwork.create(source, n));
    Command restore = RuncCommands.restore(ct, work + "/img", work + "/undo", bundle, false);
    ExecResult r = source.exec(restore, SOURCE_RESTORE_LIMIT);
    resumeMillis = (System.nanoTime() - start) / 1_000_000;
    RuncState st = RuncState.of(source, ct);
    if (!r.ok() || !st.running()) {
      throw new MigrationException("The original of " + ct + " was gone from " + source.name() + " (did the host restart?), and restoring it"
          + " there from its dump failed: " + r.stderr().strip(), "The dump is kept in " + work + " on " + source.name()
          + "; do not remove it. Look at it with 'runc state " + ct + "' on " + source.name() + ".");
    }
    note.accept("roll-back: the original of " + ct + " was gone from " + source.name() + " (the host restarted?); restored it there"
        + " from the dump it wrote before the freeze, in " + resumeMillis + " ms");
  }

  private static final String RESUME = RuncStatus.SHELL_FUNCTION + """
      pid=$1; ct=$2; j=$3; release=$4; tries=$5
      sh -c "$release" release "$pid" "$j" >/dev/null || { echo "could not lift the network hold" >&2; exit 1; }
      rm -f "$j/hold"
      runc resume "$ct" 2>/dev/null
      i=0
      while [ $i -lt "$tries" ]; do
        [ "$(runc_status "$ct")" = running ] && exit 0
        sleep 0.02; i=$((i+1))
      done
      exit 1
      """;

  private static final String LEASE_ANSWER = "ferry-lease-answer";
  private static final String IMAGES = "ferry-images";
  private static final int DISK_CHANGES_FAILED = 86;
  // How long the copies started by the dump may take: the last changes of the files (a delta after the copy while it
  // ran), and the images (all of a pre-copy's last dump, which does not stream; the copies' own limit elsewhere).
  private static final Duration FS_DELTA_LIMIT = Duration.ofMinutes(5);
  private static final Duration IMAGES_LIMIT = Duration.ofMinutes(30);
  // In one command on the source, while frozen: the wait for the copy of the file system's last changes (which the
  // freeze started), the restore's question to the source's journal, then the images: the wait for their copy where
  // CRIU's post-dump started it (its pid file is there), else their copy now. Markers between the parts' outputs; an
  // answer that is missing is read as a refusal.
  private static final String COPY_AFTER_FREEZE = """
      fs=$1; question=$2; images_pid=$3; await_images=$4; ship_images=$5
      sh -c "$fs" || exit 86
      printf '\\nferry-lease-answer\\n'; sh -c "$question"
      printf '\\nferry-images\\n'
      if [ -f "$images_pid" ]; then echo ferry-images-since-post-dump; exec sh -c "$await_images"; fi
      exec sh -c "$ship_images"
      """;

  // Waits (at most $3 seconds) for a copy the dump started, then prints its output (or fails with its exit code). A copy
  // that is gone without leaving its exit code fails at once: its folder was removed (the source's watchdog took the
  // container back while this command was held up on its way, as in LeaseLabTest): no need to wait 5 minutes.
  private static final String AWAIT_FROZEN_COPY = """
      out=$1; rc=$2; limit=$3; ms=0; p=$(cat "$rc.pid" 2>/dev/null)
      while [ ! -f "$rc" ] && [ $ms -lt $((limit * 1000)) ]; do
        if ! { [ -n "$p" ] && kill -0 "$p" 2>/dev/null; } && [ ! -f "$rc" ]; then
          echo "the copy to the destination ended without saying how (its folder on the source is gone)" >&2; exit 1
        fi
        # Every 5 ms for the first second (the usual wait is a few ms, while frozen), then every 50 ms: a long copy
        # is not watched by 200 processes a second.
        if [ $ms -lt 1000 ]; then sleep 0.005; ms=$((ms+5)); else sleep 0.05; ms=$((ms+50)); fi
      done
      [ -f "$rc" ] || { echo "the copy to the destination did not end within $limit s" >&2; exit 1; }
      code=$(cat "$rc"); cat "$out"; [ "$code" = 0 ] || { cat "$out" >&2; exit "$code"; }
      """;

  @Override
  public long copyFsDelta() {
    return path.sync(bundle + "/rootfs", bundle + "/rootfs");
  }

  @Override
  public boolean fsDeltaWithDump() {
    return !shared && path != null && path.fromSource();
  }

  /**
   * The images to the destination. Where the freeze started the copy of the file system's last changes, this waits for
   * it, asks the restore's question and waits for the images' copy (started at CRIU's post-dump) in one command: one
   * round trip while frozen, not three. Its bytes are the disk changes' and the images'.
   */
  @Override
  public long copyDump() {
    if (!frozenCopyStarted) {
      return path.ship(work + "/img", work + "/img");
    }
    Command c = Command.script(COPY_AFTER_FREEZE, awaitCopy(frozenCopyOut(), frozenCopyRc(), FS_DELTA_LIMIT),
        journal.restoreQuestion("").toShell(), imagesRc() + ".pid", awaitCopy(imagesOut(), imagesRc(), IMAGES_LIMIT),
        path.shipCommand(work + "/img", work + "/img").orElseThrow().toShell());
    ExecResult r = source.exec(c, FS_DELTA_LIMIT.plus(IMAGES_LIMIT).plusMinutes(1));
    String out = r.stdout();
    int answer = out.indexOf("\n" + LEASE_ANSWER + "\n");
    int images = out.indexOf("\n" + IMAGES + "\n");
    if (r.exitCode() == DISK_CHANGES_FAILED) {
      throw new MigrationException("Copying the last changes of " + ct + "'s files from " + source.name() + " to " + destination.name()
          + " failed: " + r.stderr().strip(), "Check free disk space on " + destination.name() + " and the network between the hosts.");
    }
    if (answer >= 0) {
      journal.restoreAnswer(out.substring(answer + LEASE_ANSWER.length() + 2, images < 0 ? out.length() : images));
    }
    if (!r.ok() || answer < 0 || images < 0) {
      throw new MigrationException("Copying " + ct + "'s dump from " + source.name() + " to " + destination.name() + " failed: "
          + r.stderr().strip(), "Check free disk space on " + destination.name() + " and the network between the hosts.");
    }
    restoreAllowed = true;
    long fsBytes = DirectPath.sentBytes(out.substring(0, answer));
    long imageBytes = DirectPath.shippedBytes(out.substring(images));
    note.accept("disk changes after the freeze: " + fsBytes + " bytes, copied while CRIU dumped; images: " + imageBytes + " bytes"
        + (out.contains("ferry-images-since-post-dump") ? ", on their way since CRIU's post-dump" : ""));
    return fsBytes + imageBytes;
  }

  private static String awaitCopy(String out, String rc, Duration limit) {
    return Command.script(AWAIT_FROZEN_COPY, out, rc, Long.toString(limit.toSeconds())).toShell();
  }

  @Override
  public long restore() {
    if (!restoreAllowed) {
      journal.allowRestore("");
    }
    // The confirm's question is asked in the restore's own command: clients of a held copy wait for every round trip.
    restored = memory.restore(strategy, CONFIRM, bundle, networkHeld);
    return 0;
  }

  private String restored = "";


  @Override
  public void removeFromDestination() {
    memory.removeFromDestination();
  }

  /** Whether a complete dump of the original is on the source's disk (the way back if its processes die). */
  boolean completeDumpOnSource() {
    return completeDumpOnSource;
  }

  /**
   * What to tell the user when the container died with the host that held its only live copy: the
   * source before a complete copy of its state existed, or the destination after it took over. When
   * the destination only stopped answering ({@code certain} false), it may still run there: the words say both.
   */
  String lostWithHostAdvice(boolean destinationHeldIt, boolean certain) {
    SshHost dead = destinationHeldIt ? destination : source;
    SshHost other = destinationHeldIt ? source : destination;
    String when = destinationHeldIt ? "after it had taken the container over, while it held the only running copy"
        : "before Ferry had a complete copy of their state";
    String start = "start it again there as it was first started (a plain runc bundle: 'runc run -d -b " + bundle + " " + ct + "'); it"
        + " starts afresh, as what was in its memory is lost.";
    if (!certain) {
      return dead.name() + " stopped answering " + when + ", and " + other.name() + " holds nothing of " + ct + " any more. If "
          + dead.name() + " restarted or crashed, " + ct + "'s processes died with it and there is nothing to bring back: once it is up,"
          + " its files are intact there in " + bundle + "; " + start + " If " + dead.name() + " is only out of reach, " + ct
          + " may still be running there: look with 'runc state " + ct + "' on it first.";
    }
    return ct + "'s processes on " + dead.name() + " were killed (the host restarted or crashed) " + when + ", so there is nothing"
        + " to bring back; " + other.name() + " holds nothing of it. Its files are intact on " + dead.name() + " in " + bundle + ": " + start;
  }

  /** What to tell the user when the destination's copy was not seen running after the hand-over and the source kept the original. */
  String originalKeptAdvice() {
    return destination.name() + " could not be seen running " + ct + " after it took it over, so the original was not removed: "
        + source.name() + " still holds it, paused, as it was at the freeze. When " + destination.name() + " answers again, run"
        + " './ferry recover " + source.name() + " " + destination.name() + "' (the app does when it is connected to both): if "
        + destination.name() + " has " + ct + " running, the original is removed; if " + ct + " died with " + destination.name()
        + ", the original is resumed where it was (what it did on " + destination.name() + " since the freeze is lost).";
  }

  // Asked right after the restore, in its command: runc's state of the copy, then the KiB free where its files are.
  private static final String CONFIRM = """
      runc state "$1" 2>/dev/null || echo '{"status": "absent"}'
      echo; echo "free $(df -Pk -- "$2" 2>/dev/null | awk 'NR == 2 { print $4 }')"
      """;

  @Override
  public long confirm() {
    String out = restored.contains("\nfree") ? restored : run(destination, Command.script(CONFIRM, ct.value(), bundle)).stdout();
    int cut = out.lastIndexOf("\nfree");
    RuncState st = RuncState.parse(cut < 0 ? out : out.substring(0, cut));
    if (!st.running()) {
      throw new MigrationException("After the restore, " + ct + " on " + destination.name() + " is '" + st.status() + "', not running.",
          "The CRIU log on " + destination.name() + " says why.");
    }
    long free = freeKib(cut < 0 ? "" : out.substring(cut + 6));
    if (free >= 0 && free < MIN_FREE_AFTER_RESTORE) {
      // It would run there unable to write a byte: before the hand-over, that is a reason to keep the original.
      throw new MigrationException("The disk holding " + ct + "'s files on " + destination.name() + " filled up during the migration ("
          + free / 1024 + " KiB free): it would run there unable to write.",
          "Free space in " + FerryPaths.CONTAINERS + " on " + destination.name() + ", then migrate again.");
    }
    if (network.isEmpty()) {
      // A namespace of its own, made by CRIU at the restore: held now (until then it had only lo, and down, so nothing could
      // reach it), and lo brought up again, as runc restores it down.
      if (NetworkHold.hold(destination, Long.toString(st.pid()), true) == NetworkHold.Result.HELD) {
        run(destination, Command.script("printf '%s\\n' \"$2\" > \"$1/hold\"", MigrationJournal.dir(id), Long.toString(st.pid())));
      }
    }
    return 0;
  }

  /** Bytes from df's count of KiB free for unprivileged writers; -1 if it did not tell. */
  private static long freeKib(String kib) {
    try {
      return Long.parseLong(kib.strip()) * 1024;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public boolean journalStarted() {
    return journalStarted;
  }

  @Override
  public Decision claimDestination() {
    if (traffic.isPresent() && path instanceof DirectPath) {
      return MigrationJournal.decide(source, id, Decision.DESTINATION, Lease.TIMEOUT, TrafficMove.RELEASE_FROM_SOURCE, work,
          TrafficMove.remoteRelease(), Integer.toString(traffic.get().table()));
    }
    return journal.claim(Decision.DESTINATION);
  }

  @Override
  public Decision claimSource() {
    return journal.claim(Decision.SOURCE);
  }

  @Override
  public long releaseDestination() {
    String dj = MigrationJournal.dir(id);
    String target = destination.exec(Command.script("cat \"$1/hold\" 2>/dev/null; true", dj)).stdout().strip();
    if (!target.isEmpty()) {
      NetworkHold.release(destination, target, dj);
      run(destination, Command.of("rm", "-f", dj + "/hold"));
    }
    return 0;
  }

  @Override
  public long lazyPages() {
    return memory.awaitLazyPages();
  }

  @Override
  public long cleanup() {
    // The original is the way back until the destination's copy is seen running: a copy that died with
    // its host after the hand-over leaves the paused original for the recovery to resume.
    RuncState there = RuncState.of(destination, ct);
    if (!there.running()) {
      throw new MigrationException(destination.name() + " could not be seen running " + ct + " after it took it over ("
          + (there.known() ? "runc says '" + there.status() + "'" : "it does not answer") + "), so the original was not removed.", "");
    }
    readStats();
    run(source, Command.of("runc", "delete", "--force", ct.value()));
    if (!shared) {
      run(source, Command.of("rm", "-rf", bundle));
    }
    network.ifPresent(n -> ContainerNetwork.delete(source, n));
    traffic.ifPresent(t -> noteDrain(TrafficMove.drained(source, id)));
    TrafficMove.forget(source, id);
    path.close();
    run(source, Command.of("rm", "-rf", work));
    run(destination, Command.of("rm", "-rf", work));
    return 0;
  }

  /** The freeze's drain, as it wrote it on the source: "drained MS" or "busy MS". */
  private void noteDrain(String drained) {
    if (drained.startsWith("drained ")) {
      note.accept("traffic: new connections held on " + destination.name() + " from the start of the freeze; the server took what"
          + " was queued in " + drained.substring(8).strip() + " ms");
    } else if (drained.startsWith("busy ")) {
      note.accept("traffic: new connections held on " + destination.name() + " from the start of the freeze; the server still had"
          + " connections queued after " + TrafficMove.DRAIN_LIMIT_MS + " ms");
    }
  }

  @Override
  public String leftovers(Phase failed) {
    readStats();
    List<String> left = new ArrayList<>();
    RuncState st = RuncState.of(source, ct);
    if (!st.absent()) {
      left.add("the original of " + ct + " (" + st.status() + ") on " + source.name());
    }
    left.add("its files (" + (shared ? "" : bundle + ", ") + work + ") and the journal " + MigrationJournal.dir(id) + " on " + source.name());
    return String.join("; ", left) + ". The source's watchdog removes them within " + Lease.TIMEOUT.toSeconds() + " s; otherwise run"
        + " './ferry recover " + source.name() + " " + destination.name() + "'";
  }

  @Override
  public void abandon() {
    if (journal != null) {
      journal.abandon();
    }
  }

  @Override
  public void finish(boolean resolved) {
    JournalLease.finish(id, journal, resolved, path, this::unlock);
  }

  private static ExecResult run(SshHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }
}
