package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncRuntime;
import dev.ferry.engine.probe.CriuInfo;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.RuntimeInfo;
import dev.ferry.engine.probe.Version;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named checks that start every migration plan, each with pass, warn or fail and a plain reason
 * (vSphere's compatibility panel: warnings pass, errors block), and the strategy handshake: what each
 * side offers, what was chosen, and why.
 */
public final class Preflight {
  // CRIU before 4.2 cannot dump TCP sockets on current kernels (field notes §4).
  static final Version MIN_CRIU = new Version(4, 2, 0);
  // Room for the root file system, the memory image and working space (issue: rootfs + memory x 1.2).
  static final double DISK_HEADROOM = 1.2;
  // The data paths built so far. Pre-copy rounds and lazy pages are chosen only once they exist,
  // so a report never names a strategy that did not actually run.
  static final java.util.Set<Strategy> BUILT = java.util.EnumSet.of(Strategy.STOP_AND_COPY, Strategy.POST_COPY);

  private final SshHost source;
  private final SshHost destination;
  private final ContainerName ct;
  private HostFacts sourceFacts;
  private HostFacts destinationFacts;

  private final java.util.concurrent.Executor io;

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
    ContainerInfo container = containerOnSource(checks);
    checks.add(criu(source, sourceFacts.criu()));
    checks.add(criu(destination, destinationFacts.criu()));
    checks.add(sameArchitecture());
    checks.add(cpuCompatible());
    checks.add(runtimeOnDestination());
    checks.add(nameFree());
    if (container != null) {
      checks.add(diskSpace(container));
    }
    checks.add(networkLock());
    checks.add(rsync());
    checks.add(features());
    return checks;
  }

  private HostFacts probe(SshHost host, List<PreflightCheck> checks, java.util.function.Supplier<HostFacts> facts) {
    try {
      HostFacts f = facts.get();
      checks.add(PreflightCheck.pass("reachable: " + host.name(), host.name() + " answers over SSH (" + f.hostname() + ", " + f.os() + ")"));
      return f;
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      checks.add(PreflightCheck.fail("reachable: " + host.name(), cause.getMessage()));
      return null;
    }
  }

  private ContainerInfo containerOnSource(List<PreflightCheck> checks) {
    try {
      ContainerInfo c = new RuncRuntime(source).inspect(ct);
      if (c.state() != ContainerState.RUNNING) {
        checks.add(PreflightCheck.fail("container", ct + " on " + source.name() + " is " + c.state().name().toLowerCase() + "; only a running container can be live-migrated."));
      } else {
        checks.add(PreflightCheck.pass("container", ct + " runs on " + source.name() + " (runc, pid " + c.initPid() + ")"));
      }
      return c;
    } catch (RuntimeException e) {
      checks.add(PreflightCheck.fail("container", e.getMessage()));
      return null;
    }
  }

  private PreflightCheck criu(SshHost host, CriuInfo criu) {
    String name = "CRIU on " + host.name();
    if (!criu.installed()) {
      return PreflightCheck.fail(name, "CRIU is not installed on " + host.name() + ". Install CRIU " + MIN_CRIU.major() + "." + MIN_CRIU.minor() + " or newer (./ferry prepare does it on Debian).");
    }
    Optional<Version> v = criu.parsedVersion();
    if (v.isEmpty() || v.get().compareTo(MIN_CRIU) < 0) {
      return PreflightCheck.fail(name, "CRIU " + criu.version() + " at " + criu.path() + " is too old for kernel "
          + (host == source ? sourceFacts : destinationFacts).kernel() + "; install CRIU 4.2 or newer.");
    }
    if (!criu.checkPassed()) {
      return PreflightCheck.fail(name, "'criu check' fails on " + host.name() + ": " + criu.firstError());
    }
    return PreflightCheck.pass(name, "CRIU " + criu.version() + ", criu check passes");
  }

  private PreflightCheck sameArchitecture() {
    String a = sourceFacts.architecture();
    String b = destinationFacts.architecture();
    return a.equals(b) ? PreflightCheck.pass("architecture", "both " + a)
        : PreflightCheck.fail("architecture", source.name() + " is " + a + " but " + destination.name() + " is " + b + "; a process cannot move between architectures.");
  }

  private static final String CPUINFO_DUMP = "d=$(mktemp -d) && criu cpuinfo dump -D \"$d\" >/dev/null 2>&1 && base64 -w0 \"$d/cpuinfo.img\"; rc=$?; rm -rf \"$d\"; exit $rc";
  private static final String CPUINFO_CHECK = "d=$(mktemp -d) && base64 -d > \"$d/cpuinfo.img\" && criu cpuinfo check -D \"$d\" 2>&1; rc=$?; rm -rf \"$d\"; exit $rc";

  private PreflightCheck cpuCompatible() {
    ExecResult dump = source.exec(Command.script(CPUINFO_DUMP));
    if (!dump.ok()) {
      return PreflightCheck.fail("CPU", "'criu cpuinfo dump' failed on " + source.name() + ": " + dump.stderr().strip());
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      destination.exec(Command.script(CPUINFO_CHECK), new java.io.ByteArrayInputStream(dump.stdout().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
          out, java.time.Duration.ofSeconds(30));
      return PreflightCheck.pass("CPU", destination.name() + "'s CPU has every feature " + source.name() + "'s processes may use (criu cpuinfo check)");
    } catch (RuntimeException e) {
      return PreflightCheck.fail("CPU", destination.name() + "'s CPU lacks features that " + source.name() + "'s CPU has, so the processes could crash"
          + " (SIGILL) after the move. Choose a destination with the same or a newer CPU. CRIU said: " + e.getMessage());
    }
  }

  private PreflightCheck runtimeOnDestination() {
    Optional<RuntimeInfo> runc = destinationFacts.runtime(RuntimeInfo.RUNC);
    if (runc.isEmpty()) {
      return PreflightCheck.fail("runtime", "runc is not installed on " + destination.name() + "; install the runc package there.");
    }
    return PreflightCheck.pass("runtime", "runc " + runc.get().version() + " on " + destination.name());
  }

  private PreflightCheck nameFree() {
    ExecResult r = destination.exec(Command.script("runc state \"$1\" >/dev/null 2>&1 && echo container; [ -e \"$2\" ] && echo bundle; true",
        ct.value(), FerryPaths.bundle(ct)));
    String found = r.stdout().strip();
    if (found.isEmpty()) {
      return PreflightCheck.pass("name", "no container named " + ct + " on " + destination.name());
    }
    return PreflightCheck.fail("name", destination.name() + " already has a " + (found.contains("container") ? "container" : "container folder")
        + " named " + ct + ". Remove or rename it there first.");
  }

  private PreflightCheck diskSpace(ContainerInfo c) {
    ExecResult du = source.exec(Command.of("du", "-sxb", FerryPaths.bundle(ct)));
    long rootfs = du.ok() ? Long.parseLong(du.stdout().split("\\s+")[0]) : 0;
    long memory = c.memoryBytes().orElse(0);
    long needed = (long) ((rootfs + memory) * DISK_HEADROOM);
    long free = destinationFacts.disk().freeBytes();
    String figures = mib(needed) + " needed (file system " + mib(rootfs) + " + memory " + mib(memory) + ", x" + DISK_HEADROOM + "), " + mib(free) + " free";
    return free >= needed ? PreflightCheck.pass("disk", figures + " on " + destination.name())
        : PreflightCheck.fail("disk", destination.name() + " has too little free space at " + destinationFacts.disk().path() + ": " + figures + ". Free some space there.");
  }

  private PreflightCheck networkLock() {
    List<String> missing = new ArrayList<>();
    if (!sourceFacts.networkLock().usable()) {
      missing.add(source.name());
    }
    if (!destinationFacts.networkLock().usable()) {
      missing.add(destination.name());
    }
    return missing.isEmpty() ? PreflightCheck.pass("network lock", "CRIU can lock the network on both hosts (" + sourceFacts.networkLock().backend() + ")")
        : PreflightCheck.fail("network lock", "CRIU has no way to lock the network on " + String.join(" and ", missing)
            + ", so TCP connections could not be kept. Install iptables there.");
  }

  private PreflightCheck rsync() {
    boolean both = sourceFacts.rsync().present() && destinationFacts.rsync().present();
    return both ? PreflightCheck.pass("rsync", "rsync on both hosts: file systems are copied as deltas")
        : PreflightCheck.warn("rsync", "rsync is missing on " + (sourceFacts.rsync().present() ? destination.name() : source.name())
            + "; files will be copied whole, which lengthens the freeze. Install rsync on both hosts.");
  }

  private PreflightCheck features() {
    String text = source.name() + " dirty tracking: " + yesNo(sourceFacts.criu().preCopy()) + ", userfaultfd: " + yesNo(sourceFacts.criu().postCopy())
        + "; " + destination.name() + " dirty tracking: " + yesNo(destinationFacts.criu().preCopy()) + ", userfaultfd: " + yesNo(destinationFacts.criu().postCopy());
    return PreflightCheck.pass("memory features", text);
  }

  /** Picks the strategy from what both sides offer, honouring the user's choice when the hosts can do it. */
  public StrategyChoice choose(List<PreflightCheck> checks, Optional<Strategy> wanted) {
    if (sourceFacts == null || destinationFacts == null) {
      return new StrategyChoice(Strategy.STOP_AND_COPY, "the hosts could not be probed");
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
    return b ? "yes" : "no";
  }

  private static String mib(long bytes) {
    return (bytes / (1024 * 1024)) + " MiB";
  }
}
