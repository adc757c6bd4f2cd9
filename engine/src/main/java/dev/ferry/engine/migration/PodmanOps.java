package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The steps of a Podman container's migration ({@link MigrationPlan#forPodman}), done with Podman's
 * own checkpoint and restore, so that the destination's Podman knows the container as its own (name,
 * published ports, network, conmon): {@code podman container checkpoint --export} on the source, the
 * archive copied, {@code podman container restore --import} on the destination. Podman cannot pause a
 * container and dump it while it stays restorable in place, as runc can; instead the source keeps its
 * checkpointed (exited) container and the checkpoint Podman keeps beside it, so the undo of the freeze
 * is {@code podman container restore} there, and the original is removed only once the destination's
 * copy was seen running. The image the container was made from must be there by id: Podman restores
 * on top of it, and an image imported on each host separately has another id, so it is brought over
 * ({@code podman image save} / {@code load}) while the container still runs.
 */
final class PodmanOps implements MigrationOps {
  // CRIU's dump or restore of a big container, and podman's own bookkeeping around it.
  private static final Duration PODMAN_LIMIT = Duration.ofMinutes(10);

  private final String id;
  private final SshHost source;
  private final SshHost destination;
  private final ContainerName ct;
  private final String work;
  private final EngineThreads threads;
  private final Consumer<String> note;
  private PodmanContainer original;
  private Optional<ContainerNetwork.Layout> network = Optional.empty();
  private TransferPath path;
  private MigrationLocks locks;
  private JournalLease journal;
  private boolean checkpointed;
  private boolean journalStarted;
  private long resumeMillis = -1;
  private String dumpJson = "";
  private String restoreJson = "";

  PodmanOps(String id, SshHost source, SshHost destination, ContainerName ct, EngineThreads threads, Consumer<String> note) {
    this.id = id;
    this.source = source;
    this.destination = destination;
    this.ct = ct;
    this.threads = threads;
    this.note = note;
    this.work = FerryPaths.WORK + "/" + ct.value() + "-" + id;
  }

  private String archive() {
    return work + "/img/checkpoint.tar";
  }

  @Override
  public Strategy strategy() {
    return Strategy.STOP_AND_COPY;
  }

  Optional<TransferPath> path() {
    return Optional.ofNullable(path);
  }

  long resumeMillis() {
    return resumeMillis;
  }

  @Override
  public long lock() {
    for (RecoveryAction a : MigrationRecovery.recover(source, destination)) {
      note.accept("recovery: " + a.describe());
    }
    ContainerLock.Owner owner = ContainerLock.Owner.thisClient("migration " + id + " of Podman container " + ct + " from " + source.name()
        + " to " + destination.name(), Lease.TIMEOUT);
    locks = MigrationLocks.take(source, destination, ct, owner);
    original = PodmanContainer.of(source, ct);
    if (!original.running()) {
      locks.release();
      throw new MigrationException("The Podman container " + ct + " is " + original.status() + " on " + source.name() + ", not running.",
          "Only a running container is migrated.");
    }
    network = original.namedNetns().map(ns -> ContainerNetwork.readNamespace(source, ct, ns));
    String ns = network.map(ContainerNetwork.Layout::namespace).orElse("");
    MigrationJournal.Entry e = new MigrationJournal.Entry(id, ct.value(), source.name(), destination.name(), "source", "locked",
        Strategy.STOP_AND_COPY.label(), work, "", false, ns, owner.clientId(), Instant.now().toString(), MigrationJournal.Entry.PODMAN,
        original.id());
    journal = JournalLease.start(source, destination, locks, e, threads);
    PodmanWatchdog.start(source, new PodmanWatchdog.Params(id, ct, original.id(), work, ns, ns, owner.token()));
    journalStarted = true;
    note.accept("watchdog on " + source.name() + ": restores " + ct + " there from its checkpoint if this client stops renewing its lease"
        + " for " + Lease.TIMEOUT.toSeconds() + " s");
    return 0;
  }

  @Override
  public void unlock() {
    if (locks != null) {
      locks.release();
    }
  }

  @Override
  public long prepare() {
    run(source, Command.script(MAKE_WORK, work, id));
    run(destination, Command.script(MAKE_WORK, work, id));
    List<String> to = HostOps.addresses(destination);
    List<String> from = HostOps.addresses(source);
    path = TransferPath.open(source, destination, work, id, to, from, threads.io(), note);
    network.ifPresent(n -> {
      // Podman restores the container into the namespace named in its config, so it must exist first (as for runc).
      ContainerNetwork.create(destination, n);
      note.accept("network: " + n.namespace() + " with " + String.join(", ", n.addresses()) + " made ready on " + destination.name());
    });
    return 0;
  }

  private static final String MAKE_WORK = "mkdir -p \"$1/img\" \"$1/image\" && printf '%s\\n' \"$2\" > \"$1/.migration\"";

  @Override
  public void unprepare() {
    if (path != null) {
      path.close();
    }
    network.ifPresent(n -> ContainerNetwork.delete(destination, n));
    if (checkpointed && !PodmanContainer.of(source, ct).running()) {
      // Its exported checkpoint is a second way back while the original does not run: kept for a person.
      note.accept(ct + " does not run on " + source.name() + ": its checkpoint archive is kept there in " + archive());
    } else {
      source.exec(Command.of("rm", "-rf", work));
    }
    destination.exec(Command.of("rm", "-rf", work));
  }

  /** Brings the container's image over by id, unless the destination has it already; returns the bytes moved. */
  @Override
  public long syncRootfs() {
    String imageId = original.imageId();
    if (destination.exec(Command.of("podman", "image", "exists", "--", imageId)).ok()) {
      note.accept("image: " + original.imageName() + " (" + shortId(imageId) + ") is on " + destination.name() + " already");
      return 0;
    }
    run(source, Command.of("podman", "image", "save", "--quiet", "-o", work + "/image/image.tar", "--", imageId), PODMAN_LIMIT);
    long bytes = path.sync(work + "/image", work + "/image");
    run(destination, Command.of("podman", "load", "--quiet", "-i", work + "/image/image.tar"), PODMAN_LIMIT);
    destination.exec(Command.of("rm", "-rf", work + "/image"));
    note.accept("image: " + original.imageName() + " (" + shortId(imageId) + ") brought to " + destination.name() + ", which had no image"
        + " with that id");
    return bytes;
  }

  private static String shortId(String imageId) {
    String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
    return hex.substring(0, Math.min(12, hex.length()));
  }

  @Override
  public long preCopy() {
    return 0;
  }

  @Override
  public boolean movesTraffic() {
    return false;
  }

  @Override
  public long divert() {
    return 0;
  }

  @Override
  public void undivert() {}

  @Override
  public long freezeDump() {
    // Uncompressed: the archive of a small container is a few hundred KiB, and zstd would cost frozen time on both sides.
    Command c = Command.of("podman", "container", "checkpoint", "--export", archive(), "--compress", "none", "--tcp-established",
        "--print-stats", "--", ct.value());
    ExecResult r = source.exec(c, PODMAN_LIMIT);
    checkpointed = true;
    if (!r.ok()) {
      throw new MigrationException("Podman could not checkpoint " + ct + " on " + source.name() + ": " + firstLine(r.stderr()),
          "Podman's words above say why; 'podman container checkpoint --export F " + ct + "' on " + source.name() + " shows the same.",
          r.stderr(), null);
    }
    dumpJson = r.stdout();
    return 0;
  }

  @Override
  public void resumeSource() {
    if (!checkpointed) {
      return;
    }
    long start = System.nanoTime();
    PodmanContainer st = PodmanContainer.of(source, ct);
    if (st.running()) {
      return; // the checkpoint failed before it stopped the container
    }
    // Podman kept the checkpoint beside the exited container: restoring it in place needs no import.
    Command c = Command.of("podman", "container", "restore", "--tcp-established", "--", ct.value());
    ExecResult r = source.exec(c, PODMAN_LIMIT);
    resumeMillis = (System.nanoTime() - start) / 1_000_000;
    PodmanContainer after = PodmanContainer.of(source, ct);
    if (!r.ok() || !after.running()) {
      throw new MigrationException("The original of " + ct + " on " + source.name() + " is " + after.status() + " after restoring it from"
          + " its checkpoint there: " + firstLine(r.stderr()), "Its exported checkpoint is kept in " + archive() + " on " + source.name()
          + ": 'podman container rm " + ct + "' then 'podman container restore --tcp-established --import " + archive() + "' there brings it"
          + " back.");
    }
    note.accept("roll-back: the original of " + ct + " runs again on " + source.name() + " (restored from its checkpoint there), "
        + resumeMillis + " ms after the roll-back began");
  }

  @Override
  public long copyFsDelta() {
    return 0; // the export carries the container's file-system changes with its dump
  }

  @Override
  public long copyDump() {
    return path.ship(work + "/img", work + "/img");
  }

  // The restore, then the confirm's question in the same command: a client of the container waits for every round trip.
  private static final String RESTORE = """
      podman container restore --import "$1" --tcp-established --print-stats || exit $?
      echo; echo "$3"
      podman container inspect -- "$2" 2>/dev/null || echo '[]'
      """;
  private static final String INSPECT_MARK = "@@ferry inspect";
  private String restoredInspect = "";

  @Override
  public long restore() {
    // From here on a copy may run on the destination (the watchdog's RESTORING mark), once the lease and decision allow it.
    journal.allowRestore(PodmanWatchdog.RESTORING);
    ExecResult r = destination.exec(Command.script(RESTORE, archive(), ct.value(), INSPECT_MARK), PODMAN_LIMIT);
    if (!r.ok()) {
      throw new MigrationException("Podman could not restore " + ct + " on " + destination.name() + ": " + firstLine(r.stderr()),
          "Podman's words above say why.", r.stderr(), null);
    }
    int mark = r.stdout().indexOf(INSPECT_MARK);
    restoreJson = mark < 0 ? r.stdout() : r.stdout().substring(0, mark);
    restoredInspect = mark < 0 ? "" : r.stdout().substring(mark + INSPECT_MARK.length());
    return 0;
  }

  @Override
  public void removeFromDestination() {
    // Only the copy this migration restored (Podman keeps the container's id on import): a container that took the name
    // there meanwhile is someone else's.
    PodmanContainer there = PodmanContainer.of(destination, ct);
    if (!there.absent() && there.id().equals(original.id())) {
      run(destination, Command.of("podman", "container", "rm", "--force", "--time", "0", "--", ct.value()));
    }
  }

  @Override
  public long confirm() {
    PodmanContainer there = restoredInspect.isBlank() ? PodmanContainer.of(destination, ct) : PodmanContainer.parse(ct, restoredInspect);
    if (!there.running()) {
      throw new MigrationException("After the restore, " + ct + " on " + destination.name() + " is '" + there.status() + "', not running.",
          "'podman logs " + ct + "' and CRIU's restore log on " + destination.name() + " say why.");
    }
    return 0;
  }

  @Override
  public boolean journalStarted() {
    return journalStarted;
  }

  @Override
  public Decision claimDestination() {
    return journal.claim(Decision.DESTINATION);
  }

  @Override
  public Decision claimSource() {
    return journal.claim(Decision.SOURCE);
  }

  /** Moves a routed address to the destination with its address hook, once the copy there runs. */
  @Override
  public long releaseDestination() {
    network.ifPresent(n -> {
      List<String> addrs = n.addresses().stream().map(a -> a.replaceFirst("/.*", "")).toList();
      if (destination.exec(Command.script("[ -x \"$1\" ] && echo hook; true", TrafficMove.HOOK)).stdout().contains("hook")) {
        Command take = Command.of(TrafficMove.HOOK, "take", ct.value()).with(addrs.toArray(String[]::new));
        run(destination, take);
        note.accept("address: " + String.join(", ", addrs) + " routed to " + destination.name() + " by its address hook");
      } else {
        note.accept("address: " + destination.name() + " has no address hook (" + TrafficMove.HOOK + "): route " + String.join(", ", addrs)
            + " to " + destination.name() + " by hand");
      }
    });
    return 0;
  }

  @Override
  public long lazyPages() {
    return 0;
  }

  @Override
  public long cleanup() {
    PodmanContainer there = PodmanContainer.of(destination, ct);
    if (!there.running()) {
      throw new MigrationException(destination.name() + " could not be seen running " + ct + " after it took it over (Podman says '"
          + there.status() + "'), so the original was not removed.", "");
    }
    run(source, Command.of("podman", "container", "rm", "--force", "--time", "0", "--", ct.value()));
    network.ifPresent(n -> ContainerNetwork.delete(source, n));
    path.close();
    run(source, Command.of("rm", "-rf", work));
    run(destination, Command.of("rm", "-rf", work));
    return 0;
  }

  @Override
  public String leftovers(Phase failed) {
    PodmanContainer st = PodmanContainer.of(source, ct);
    String original = st.absent() ? "" : "the original of " + ct + " (" + st.status() + ", checkpointed) on " + source.name() + "; ";
    return original + "its work folder " + work + " on both hosts. Remove them with 'podman container rm " + ct + "' and 'rm -rf " + work
        + "' on " + source.name() + " once " + ct + " runs on " + destination.name();
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

  /** CRIU's dump statistics as Podman printed them ({@code --print-stats}). */
  Optional<DumpStats> dumpStats() {
    return criuStats(dumpJson).map(s -> new DumpStats(s.path("freezing_time").asLong(), s.path("frozen_time").asLong(),
        s.path("memdump_time").asLong(), s.path("memwrite_time").asLong(), s.path("pages_scanned").asLong(),
        s.path("pages_skipped_parent").asLong(), s.path("pages_written").asLong(), s.path("pages_lazy").asLong(), 0, 0, 0, 0, 0, 0));
  }

  Optional<RestoreStats> restoreStats() {
    return criuStats(restoreJson).map(s -> new RestoreStats(s.path("pages_compared").asLong(), s.path("pages_skipped_cow").asLong(),
        s.path("forking_time").asLong(), s.path("restore_time").asLong(), s.path("pages_restored").asLong()));
  }

  /** How long Podman's checkpoint and restore took, and runc's part of each, as Podman printed them (--print-stats). */
  String podmanTimes() {
    return "Podman's checkpoint " + millis(dumpJson, "podman_checkpoint_duration", "runtime_checkpoint_duration") + ", its restore "
        + millis(restoreJson, "podman_restore_duration", "runtime_restore_duration");
  }

  private static String millis(String printed, String podmanField, String runtimeField) {
    try {
      JsonNode n = Json.MAPPER.readTree(printed.isBlank() ? "{}" : printed);
      long podman = n.path(podmanField).asLong(-1000) / 1000;
      long runtime = n.path("container_statistics").path(0).path(runtimeField).asLong(-1000) / 1000;
      return podman + " ms (runc's part " + runtime + " ms)";
    } catch (IOException e) {
      return "(not printed)";
    }
  }

  static Optional<JsonNode> criuStats(String printed) {
    if (printed.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode s = Json.MAPPER.readTree(printed).path("container_statistics").path(0).path("criu_statistics");
      return s.isObject() ? Optional.of(s) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String firstLine(String text) {
    return text.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("(no message)");
  }

  private static ExecResult run(SshHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }

  private static ExecResult run(SshHost host, Command c, Duration limit) {
    return host.exec(c, limit).orThrow(host.name(), c);
  }
}
