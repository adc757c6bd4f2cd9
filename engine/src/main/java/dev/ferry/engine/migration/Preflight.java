package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.ContainerNotFoundException;
import dev.ferry.engine.container.PodmanRuntime;
import dev.ferry.engine.container.RuncRuntime;
import dev.ferry.engine.criu.CpuCompatibility;
import dev.ferry.engine.migration.PreflightRules.NameOnDestination;
import dev.ferry.engine.migration.PreflightRules.Side;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteCommandException;
import dev.ferry.engine.ssh.SshHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The named checks that start every migration plan, each with pass, warn or fail and a plain reason
 * (vSphere's compatibility panel: warnings pass, errors block), and the strategy handshake: what each
 * side offers, what was chosen, and why. This class gathers the facts over SSH; {@link PreflightRules}
 * judges them.
 */
public final class Preflight {
  // The data paths built. A strategy is chosen only if its path exists, so a report never names one
  // that did not actually run.
  static final java.util.Set<Strategy> BUILT = java.util.EnumSet.allOf(Strategy.class);
  // criu cpuinfo check answers at once; the limit only guards against a hung destination.
  private static final Duration CPUINFO_CHECK_TIMEOUT = Duration.ofSeconds(30);

  private final SshHost source;
  private final SshHost destination;
  private final ContainerName ct;
  private HostFacts sourceFacts;
  private HostFacts destinationFacts;

  private final java.util.concurrent.Executor io;
  private boolean sharedStorage;
  // The container's memory charge on the source (page cache included), when the source could say (known after run).
  private OptionalLong containerMemory = OptionalLong.empty();
  // Below this, auto prefers stop-and-copy to post-copy: the whole dump fits in a short freeze, and post-copy's
  // start-up (its page server and lazy-pages daemon) costs more than it saves. Felt medians on the lab (./ferry bench,
  // bench/results/2026-12-03): idle counter (0.5 MB) 225 ms stop-and-copy against 270 ms post-copy, web server 276
  // against 346 ms; at 64 MiB all touched after resume post-copy already led, 834 against 877 ms.
  static final long AUTO_STOP_AND_COPY_BELOW = 16L * 1024 * 1024;
  private ContainerHoldings holdings = ContainerHoldings.parse("", "");
  private java.util.Set<String> missingMountSources = java.util.Set.of();
  private Optional<PodmanContainer> podman = Optional.empty();

  public Preflight(SshHost source, SshHost destination, ContainerName ct, java.util.concurrent.Executor io) {
    this.source = source;
    this.destination = destination;
    this.ct = ct;
    this.io = io;
  }

  public List<PreflightCheck> run() {
    List<PreflightCheck> checks = new ArrayList<>();
    // Both hosts are probed at once: each probe waits mostly on its own host's criu check.
    var destinationProbe = java.util.concurrent.CompletableFuture.supplyAsync(() -> new HostProbe(destination).probe(), io);
    sourceFacts = probe(source, checks, () -> new HostProbe(source).probe());
    destinationFacts = probe(destination, checks, destinationProbe::join);
    if (sourceFacts == null || destinationFacts == null) {
      return checks;
    }
    Side from = new Side(source.name(), sourceFacts);
    Side to = new Side(destination.name(), destinationFacts);
    Optional<ContainerInfo> container = containerOnSource(checks);
    containerMemory = container.map(ContainerInfo::memoryBytes).orElse(OptionalLong.empty());
    checks.add(PreflightRules.criu(from));
    checks.add(PreflightRules.criu(to));
    checks.add(PreflightRules.criuVersions(from, to));
    checks.add(PreflightRules.architecture(from, to));
    checks.add(PreflightRules.cpuUncheckable(from, to).orElseGet(this::cpuCompatible));
    checks.add(PreflightRules.runtime(to));
    if (podman.isPresent()) {
      // Podman's own checks, and the same look at what it holds, by its runtime's id and Podman's bundle.
      podmanChecks(checks, from, to, podman.get());
    } else {
      checks.add(PreflightRules.name(ct, destination.name(), nameOnDestination()));
      container.filter(c -> c.state() == ContainerState.RUNNING)
          .ifPresent(c -> checks.addAll(UnmovableRules.judge(ct, source.name(), destination.name(), c.initPid(), holdings,
              missingMountSources)));
      checks.add(PreflightRules.storage(source.name(), destination.name(), sharedStorage));
    }
    container.ifPresent(c -> checks.add(PreflightRules.disk(destination.name(), destinationFacts.disk(), c.rootfsBytes(), c.memoryBytes())));
    checks.add(PreflightRules.networkLock(from, to));
    checks.add(PreflightRules.rsync(from, to));
    checks.add(PreflightRules.memoryFeatures(from, to));
    return checks;
  }

  private HostFacts probe(SshHost host, List<PreflightCheck> checks, java.util.function.Supplier<HostFacts> facts) {
    try {
      HostFacts f = facts.get();
      checks.add(PreflightRules.reachable(new Side(host.name(), f)));
      return f;
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      checks.add(PreflightRules.unreachable(host.name(), cause.getMessage()));
      return null;
    }
  }

  private Optional<ContainerInfo> containerOnSource(List<PreflightCheck> checks) {
    try {
      ContainerInfo c = new RuncRuntime(source).inspect(ct);
      checks.add(PreflightRules.container(ct, source.name(), c));
      return Optional.of(c);
    } catch (ContainerNotFoundException e) {
      // Not runc's: it may be Podman's (whose containers runc knows only by their long ids).
      PodmanContainer p = PodmanContainer.of(source, ct);
      if (p.absent() || !p.known()) {
        checks.add(PreflightRules.containerNotFound("There is no runc or Podman container named '" + ct + "' on " + source.name() + "."));
        return Optional.empty();
      }
      podman = Optional.of(p);
      try {
        ContainerInfo c = new PodmanRuntime(source).inspect(ct);
        checks.add(PreflightRules.container(ct, source.name(), c));
        return Optional.of(c);
      } catch (RuntimeException e2) {
        checks.add(PreflightRules.containerNotFound(e2.getMessage()));
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      checks.add(PreflightRules.containerNotFound(e.getMessage()));
      return Optional.empty();
    }
  }

  /** The Podman container found on the source, if the container is one (known after {@link #run}). */
  Optional<PodmanContainer> podman() {
    return podman;
  }

  // Asks the destination, in one round trip, whether the name is taken, whether it has the image by id, and which of the ports listen.
  // $1 the container, $2 its image id, $3 how many host ports follow; then the ports, then the bind mount sources it needs.
  private static final String PODMAN_LOOKUP = """
      ct=$1; image=$2; n=$3; shift 3
      podman container exists -- "$ct" 2>/dev/null && echo name
      podman image exists -- "$image" 2>/dev/null && echo image
      while [ "$n" -gt 0 ]; do ss -Hltnu "sport = :$1" 2>/dev/null | grep -q . && echo "port $1"; shift; n=$((n-1)); done
      for m; do [ -e "$m" ] || printf 'missing %s\\n' "$m"; done
      true
      """;

  // Podman's own storage and run folders: what a container mounts from there, Podman makes on the destination at its restore.
  private static final List<String> PODMAN_STORAGE = List.of("/var/lib/containers/", "/run/containers/", "/run/libpod/");

  private void podmanChecks(List<PreflightCheck> checks, Side from, Side to, PodmanContainer p) {
    checks.add(PodmanPreflightRules.podman(from));
    checks.add(PodmanPreflightRules.podman(to));
    checks.add(PodmanPreflightRules.ociRuntime(source.name(), p));
    // What it holds that CRIU cannot move, as for a runc container (its mounts of Podman's own storage are made anew there).
    if (p.running() && !p.bundle().isEmpty()) {
      holdings = ContainerHoldings.parse(source.exec(ContainerHoldings.lookPodman(p.id(), p.bundle()), LOOK_TIMEOUT).stdout(), p.bundle());
    }
    List<String> mountSources = holdings.mountSources().stream().filter(m -> PODMAN_STORAGE.stream().noneMatch(m::startsWith)).toList();
    Command lookup = Command.script(PODMAN_LOOKUP, ct.value(), p.imageId(),
        Integer.toString(p.hostPorts().size())).with(p.hostPorts().stream().map(String::valueOf).toArray(String[]::new))
        .with(mountSources.toArray(String[]::new));
    String answer = destination.exec(lookup).stdout();
    missingMountSources = answer.lines().filter(l -> l.startsWith(MISSING)).map(l -> l.substring(MISSING.length()))
        .collect(java.util.stream.Collectors.toSet());
    PodmanPreflightRules.Destination found = PodmanPreflightRules.Destination.parse(answer);
    if (p.running() && p.pid() > 0) {
      checks.addAll(UnmovableRules.judge(ct, source.name(), destination.name(), p.pid(), holdings, missingMountSources));
    }
    checks.add(PodmanPreflightRules.name(ct.value(), destination.name(), found));
    checks.add(PodmanPreflightRules.image(p, destination.name(), found));
    checks.add(PodmanPreflightRules.ports(p, destination.name(), found));
    checks.add(PodmanPreflightRules.network(p, source.name(), destination.name()));
  }

  // CRIU's own words go to stderr, so a failed dump can say why; stdout carries only the image.
  private static final String CPUINFO_DUMP = "d=$(mktemp -d) && criu cpuinfo dump -D \"$d\" 1>&2 && base64 -w0 \"$d/cpuinfo.img\"; rc=$?; rm -rf \"$d\"; exit $rc";
  private static final String CPUINFO_CHECK = "d=$(mktemp -d) && base64 -d > \"$d/cpuinfo.img\" && criu cpuinfo check -D \"$d\" 2>&1; rc=$?; rm -rf \"$d\"; exit $rc";

  /** criu cpuinfo dump on the source, then criu cpuinfo check against that image on the destination. */
  private PreflightCheck cpuCompatible() {
    ExecResult dump = source.exec(Command.script(CPUINFO_DUMP));
    if (!dump.ok()) {
      return PreflightRules.cpuDumpFailed(source.name(), dump.exitCode(), dump.stderr());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    String said;
    try {
      exit = destination.exec(Command.script(CPUINFO_CHECK), new ByteArrayInputStream(dump.stdout().getBytes(StandardCharsets.US_ASCII)),
          out, CPUINFO_CHECK_TIMEOUT);
      said = out.toString(StandardCharsets.UTF_8);
    } catch (RemoteCommandException e) {
      exit = e.result().exitCode();
      said = out.toString(StandardCharsets.UTF_8) + e.result().stderr();
    } catch (RuntimeException e) {
      return PreflightRules.cpuCheckNotRun(destination.name(), e.getMessage());
    }
    return PreflightRules.cpu(source.name(), destination.name(), CpuCompatibility.fromCheck(exit, said));
  }

  /**
   * Asks the destination about the name, and whether the container's folder there is the source's own:
   * a marker file made in the source's folder for a moment shows up on the destination only if both see
   * the same storage (NFS, a SAN). The marker is the only thing a dry run writes, and it is removed.
   * The marker is made by the source's look at what the container holds ({@link ContainerHoldings}),
   * and the destination is asked in the same command which of the container's bind mount sources it
   * lacks: the pre-flight's look at the container costs no round trip of its own.
   */
  private NameOnDestination nameOnDestination() {
    String bundle = FerryPaths.bundle(ct);
    String marker = bundle + "/.ferry-storage-probe-" + java.util.UUID.randomUUID();
    // The source's look at what the container holds makes the marker in the same round trip.
    ExecResult look = source.exec(ContainerHoldings.look(marker, ct, bundle), LOOK_TIMEOUT);
    holdings = ContainerHoldings.parse(look.stdout(), bundle);
    boolean marked = holdings.marked();
    try {
      ExecResult r = destination.exec(Command.script(DESTINATION_LOOKUP, ct.value(), bundle, marker)
          .with(holdings.mountSources().toArray(String[]::new)));
      sharedStorage = marked && r.stdout().lines().anyMatch("shared"::equals);
      missingMountSources = r.stdout().lines().filter(l -> l.startsWith(MISSING)).map(l -> l.substring(MISSING.length()))
          .collect(java.util.stream.Collectors.toSet());
      return NameOnDestination.fromLookup(r.stdout());
    } finally {
      if (marked) {
        source.exec(Command.of("rm", "-f", marker));
      }
    }
  }

  // $1 the container, $2 its folder, $3 the source's marker, then the bind mount sources the destination must have.
  private static final String DESTINATION_LOOKUP = """
      runc state "$1" >/dev/null 2>&1 && echo container; [ -e "$2" ] && echo bundle; [ -e "$3" ] && echo shared
      shift 3
      for m in "$@"; do [ -e "$m" ] || printf 'missing %s\\n' "$m"; done
      true
      """;
  private static final String MISSING = "missing ";
  // The look lists every open file of every process of the container: a few seconds even for thousands.
  private static final Duration LOOK_TIMEOUT = Duration.ofSeconds(30);

  /** True when the container's folder is on storage both hosts share (known after {@link #run}). */
  public boolean sharedStorage() {
    return sharedStorage;
  }

  /** Picks the strategy from what both sides offer, honouring the user's choice when the hosts can do it. */
  public StrategyChoice choose(List<PreflightCheck> checks, Optional<Strategy> wanted) {
    if (sourceFacts == null || destinationFacts == null) {
      return new StrategyChoice(Strategy.STOP_AND_COPY, "the hosts could not be probed");
    }
    if (podman.isPresent()) {
      return PodmanPreflightRules.strategy(wanted, checks);
    }
    boolean pre = sourceFacts.criu().preCopy();
    boolean post = destinationFacts.criu().postCopy() && sourceFacts.criu().postCopy();
    if (wanted.isPresent()) {
      Strategy w = wanted.get();
      if (w == Strategy.PRE_COPY && !pre) {
        checks.add(PreflightCheck.fail("strategy", "pre-copy was asked for, but " + source.name() + " has no memory dirty tracking (soft-dirty)."
            + " Use auto, post-copy or stop-and-copy."));
      } else if (w == Strategy.POST_COPY && !post) {
        checks.add(PreflightCheck.fail("strategy", "post-copy was asked for, but userfaultfd is missing on " + (destinationFacts.criu().postCopy() ? source.name() : destination.name())
            + ". Use auto, or stop-and-copy."));
      }
      if (!BUILT.contains(w)) {
        checks.add(PreflightCheck.fail("strategy", w + " is not built into Ferry yet; use stop-and-copy or auto."));
      }
      return new StrategyChoice(w, "chosen by the user");
    }
    String offered = source.name() + " dirty tracking " + yesNo(pre) + "; userfaultfd on both hosts " + yesNo(post);
    if (pre && BUILT.contains(Strategy.PRE_COPY)) {
      return new StrategyChoice(Strategy.PRE_COPY, source.name() + " tracks dirty memory, so memory is copied while the container runs"
          + " and only the last changes are copied frozen");
    }
    if (post && BUILT.contains(Strategy.POST_COPY) && containerMemory.isPresent() && containerMemory.getAsLong() < AUTO_STOP_AND_COPY_BELOW) {
      long m = containerMemory.getAsLong();
      String size = m < 1024 * 1024 ? Math.max(1, m / 1024) + " KiB" : m / (1024 * 1024) + " MiB";
      return new StrategyChoice(Strategy.STOP_AND_COPY, ct + " uses only " + size + " of memory:"
          + " stop-and-copy moves all of it in one short freeze, quicker than post-copy's start-up");
    }
    if (post && BUILT.contains(Strategy.POST_COPY)) {
      return new StrategyChoice(Strategy.POST_COPY, source.name() + " has no dirty-memory tracking (pre-copy impossible), but both hosts have"
          + " userfaultfd: the container resumes on " + destination.name() + " first and its memory follows on demand");
    }
    if (pre || post) {
      return new StrategyChoice(Strategy.STOP_AND_COPY, offered + ", but Ferry's " + (pre ? "pre-copy" : "post-copy")
          + " path is not built yet: falling back to stop-and-copy, which copies all memory while the container is frozen");
    }
    return new StrategyChoice(Strategy.STOP_AND_COPY, offered + ": falling back to stop-and-copy, which copies all memory while the container is frozen");
  }

  private static String yesNo(boolean b) {
    return PreflightRules.yesNo(b);
  }
}
