package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.criu.CpuCompatibility;
import dev.ferry.engine.probe.CriuInfo;
import dev.ferry.engine.probe.DiskInfo;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostLimits;
import dev.ferry.engine.probe.NetworkLock;
import dev.ferry.engine.probe.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The verdict of each pre-flight check, as a pure function of what was found on the two hosts: their
 * probed facts, the container's sizes, CRIU's processor check and the destination's answer about the
 * name. {@link Preflight} gathers those over SSH; keeping the judging here means every failure can be
 * replayed from recorded facts in a unit test, and each reason says what to do, not only what is wrong.
 */
final class PreflightRules {
  static final String CONTAINER = "container";
  static final String ARCHITECTURE = "architecture";
  static final String CPU = "CPU";
  static final String RUNTIME = "runtime";
  static final String NAME = "name";
  static final String DISK = "disk";
  static final String NETWORK_LOCK = "network lock";
  static final String RSYNC = "rsync";
  static final String MEMORY_FEATURES = "memory features";
  static final String CRIU_VERSIONS = "CRIU versions";

  // Room for the root file system, the memory image and working space (issue: rootfs + memory x 1.2).
  static final double DISK_HEADROOM = 1.2;
  private static final double MIB = 1024.0 * 1024;
  private static final double GIB = MIB * 1024;
  private static final String INSTALL_CRIU = "install CRIU " + HostLimits.criuMinimum()
      + " or newer there (./ferry prepare does it on Debian)";

  /** One host of the migration: the name the user knows it by, and what its probe found. */
  record Side(String name, HostFacts facts) {}

  /** What the destination said when asked for the container's name. */
  enum NameOnDestination {
    FREE, CONTAINER, FOLDER;

    /**
     * Reads the lookup script's answer: a "container" line if runc knows the name, "bundle" if its
     * folder exists, "shared" if that folder is the source's own (shared storage), which is no clash.
     */
    static NameOnDestination fromLookup(String output) {
      java.util.Set<String> said = output.lines().map(String::strip).collect(java.util.stream.Collectors.toSet());
      if (said.contains("container")) {
        return CONTAINER;
      }
      return said.contains("bundle") && !said.contains("shared") ? FOLDER : FREE;
    }
  }

  private PreflightRules() {}

  static String reachableName(String host) {
    return "reachable: " + host;
  }

  static String criuName(String host) {
    return "CRIU on " + host;
  }

  static PreflightCheck reachable(Side side) {
    return PreflightCheck.pass(reachableName(side.name()), side.name() + " answers over SSH (" + side.facts().hostname() + ", "
        + side.facts().os() + ")");
  }

  /**
   * {@code why} is what connecting or probing said. The SSH layer's messages already name the cause and
   * what to try (refused, no route, login failed), so they are shown as they are.
   */
  static PreflightCheck unreachable(String host, String why) {
    return PreflightCheck.fail(reachableName(host), why == null || why.isBlank()
        ? "Ferry could not connect to " + host + " and look at it, and was not told why." : why.strip());
  }

  static PreflightCheck container(ContainerName ct, String source, ContainerInfo c) {
    if (c.state() != ContainerState.RUNNING) {
      return PreflightCheck.fail(CONTAINER, ct + " on " + source + " is " + c.state().name().toLowerCase(Locale.ROOT)
          + "; only a running container can be live-migrated.");
    }
    return PreflightCheck.pass(CONTAINER, ct + " runs on " + source + " (" + c.runtime() + ", pid " + c.initPid() + ")");
  }

  static PreflightCheck containerNotFound(String why) {
    return PreflightCheck.fail(CONTAINER, why);
  }

  /** CRIU is installed, not too old for the kernel, run as root, and passes {@code criu check}. */
  static PreflightCheck criu(Side side) {
    String host = side.name();
    HostFacts facts = side.facts();
    CriuInfo criu = facts.criu();
    String name = criuName(host);
    if (!criu.installed()) {
      return PreflightCheck.fail(name, "CRIU is not installed on " + host + ", so nothing can be checkpointed or restored there;"
          + " " + INSTALL_CRIU + ".");
    }
    if (HostLimits.criuTooOldForKernel(facts)) {
      return PreflightCheck.fail(name, "CRIU " + criu.version() + " at " + criu.path() + " is too old for kernel " + facts.kernel()
          + " on " + host + (criu.checkPassed() ? "" : " (it stops with: " + criu.firstError() + ")") + "; " + INSTALL_CRIU + ".");
    }
    if (!facts.root()) {
      return PreflightCheck.fail(name, "Ferry is logged in to " + host + " as '" + facts.user() + "', but CRIU needs root."
          + " Connect to " + host + " as root.");
    }
    if (!criu.checkPassed()) {
      return PreflightCheck.fail(name, "'criu check' fails on " + host + ": " + criu.firstError()
          + ". Run 'criu check' there as root to see its whole answer; usually the kernel lacks checkpoint/restore support.");
    }
    if (criu.parsedVersion().isEmpty()) {
      return PreflightCheck.warn(name, "'criu check' passes on " + host + ", but CRIU did not say its version ('" + criu.version()
          + "'); CRIU older than " + HostLimits.criuMinimum() + " cannot keep TCP connections on new kernels.");
    }
    return PreflightCheck.pass(name, "CRIU " + criu.version() + " at " + criu.path() + ", criu check passes");
  }

  /**
   * The two hosts' CRIU can read each other's checkpoints. Checked on the lab's VM hosts (2026-12-04): a runc
   * checkpoint by Debian 12's CRIU 3.17.1 has no cpuinfo image, and CRIU 4.2.1 refuses to restore it ("cpu: No
   * cpuinfo image"); 4.2.1's checkpoints restored by 3.17.1 were not tried. So a pair on either side of
   * {@link HostLimits#CRIU_MIN_VERSION} fails; other differences were not tried and only warn. Unknown versions, and a CRIU that does not work on its host, are judged by
   * {@link #criu} already.
   */
  static PreflightCheck criuVersions(Side from, Side to) {
    Optional<dev.ferry.engine.probe.Version> a = from.facts().criu().parsedVersion();
    Optional<dev.ferry.engine.probe.Version> b = to.facts().criu().parsedVersion();
    if (a.isEmpty() || b.isEmpty()) {
      return PreflightCheck.pass(CRIU_VERSIONS, "not compared: a host did not say its CRIU version");
    }
    // A CRIU that cannot work on its host fails its own check ({@link #criu}), with the fix; once is enough.
    for (Side s : List.of(from, to)) {
      if (!criuRuns(s) || HostLimits.criuTooOldForKernel(s.facts())) {
        return PreflightCheck.pass(CRIU_VERSIONS, "not compared: CRIU does not work on " + s.name() + " (see '" + criuName(s.name()) + "')");
      }
    }
    String both = from.name() + " has CRIU " + from.facts().criu().version() + " and " + to.name() + " has "
        + to.facts().criu().version();
    boolean aNew = a.get().isAtLeast(HostLimits.CRIU_MIN_VERSION);
    boolean bNew = b.get().isAtLeast(HostLimits.CRIU_MIN_VERSION);
    if (aNew != bNew) {
      Side old = aNew ? to : from;
      return PreflightCheck.fail(CRIU_VERSIONS, both + ", on either side of " + HostLimits.criuMinimum() + ": CRIU "
          + HostLimits.criuMinimum() + " refuses a checkpoint of CRIU 3.17, which has no description of its processor, and the"
          + " other way round is untried."
          + " Install CRIU " + HostLimits.criuMinimum() + " or newer on " + old.name() + " too, or move between hosts with the same CRIU.");
    }
    if (a.get().major() != b.get().major() || a.get().minor() != b.get().minor()) {
      return PreflightCheck.warn(CRIU_VERSIONS, both + ": Ferry has not tried checkpoints between these two; the same CRIU on both"
          + " hosts is safest.");
    }
    return PreflightCheck.pass(CRIU_VERSIONS, both);
  }

  /** Whether CRIU can run on the host at all, which the processor check needs on both sides. */
  static boolean criuRuns(Side side) {
    return side.facts().criu().installed() && side.facts().criu().checkPassed();
  }

  static PreflightCheck architecture(Side source, Side destination) {
    String a = source.facts().architecture();
    String b = destination.facts().architecture();
    if (a.isBlank() || b.isBlank()) {
      return PreflightCheck.warn(ARCHITECTURE, "could not tell the architecture of " + (a.isBlank() ? source.name() : destination.name())
          + " ('uname -m' said nothing)");
    }
    return a.equals(b) ? PreflightCheck.pass(ARCHITECTURE, "both " + a)
        : PreflightCheck.fail(ARCHITECTURE, source.name() + " is " + a + " but " + destination.name() + " is " + b
            + "; a process cannot move between architectures. Choose a destination that is also " + a + ".");
  }

  /** The processor check is skipped when CRIU cannot run on a side: the CRIU check already says why. */
  static Optional<PreflightCheck> cpuUncheckable(Side source, Side destination) {
    List<String> broken = new ArrayList<>();
    for (Side s : List.of(source, destination)) {
      if (!criuRuns(s)) {
        broken.add(s.name());
      }
    }
    if (broken.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(PreflightCheck.warn(CPU, "not checked: CRIU does not work on " + String.join(" and ", broken)
        + " (see 'CRIU on " + broken.get(0) + "')"));
  }

  /** {@code output} is what {@code criu cpuinfo dump} printed on the source when it failed. */
  static PreflightCheck cpuDumpFailed(String source, int exitCode, String output) {
    return PreflightCheck.fail(CPU, "'criu cpuinfo dump' failed on " + source + " (exit " + exitCode + ")"
        + (output.isBlank() ? "" : ": " + firstError(output))
        + ", so the processors could not be compared.");
  }

  /** The check could not be started on the destination at all (the connection dropped, say). */
  static PreflightCheck cpuCheckNotRun(String destination, String why) {
    return PreflightCheck.fail(CPU, "'criu cpuinfo check' could not be run on " + destination + ": " + why
        + ", so the processors could not be compared.");
  }

  static PreflightCheck cpu(String source, String destination, CpuCompatibility c) {
    if (c.compatible()) {
      return PreflightCheck.pass(CPU, destination + "'s processor offers every feature " + source
          + "'s programs may use (criu cpuinfo check)");
    }
    return PreflightCheck.fail(CPU, destination + " cannot safely run what runs on " + source + ": " + c.reason()
        + ". Choose a destination with the same or a newer processor." + (c.criuMessage().isEmpty() ? "" : " CRIU said: " + c.criuMessage()));
  }

  static PreflightCheck runtime(Side destination) {
    Optional<RuntimeInfo> runc = destination.facts().runtime(RuntimeInfo.RUNC);
    if (runc.isEmpty()) {
      return PreflightCheck.fail(RUNTIME, "runc is not installed on " + destination.name()
          + ", so the container cannot run there; install the runc package there (./ferry prepare does it on Debian).");
    }
    return PreflightCheck.pass(RUNTIME, "runc " + runc.get().version() + " at " + runc.get().path() + " on " + destination.name());
  }

  static PreflightCheck name(ContainerName ct, String destination, NameOnDestination found) {
    return switch (found) {
      case FREE -> PreflightCheck.pass(NAME, "no container named " + ct + " on " + destination);
      case CONTAINER -> PreflightCheck.fail(NAME, destination + " already has a container named " + ct
          + ". Remove or rename it there first.");
      case FOLDER -> PreflightCheck.fail(NAME, destination + " already has a container folder named " + ct
          + " (in " + DiskInfo.STORE + "/containers). Remove or rename it there first.");
    };
  }

  /** Whether the container's files are on storage both hosts see: then nothing needs copying (field notes §1). */
  static PreflightCheck storage(String source, String destination, boolean shared) {
    return PreflightCheck.pass("storage", shared
        ? "the container's files are on storage that " + source + " and " + destination + " share: they are not copied"
        : "the container's files are on " + source + "'s own storage: they are copied to " + destination);
  }

  /**
   * The destination needs room for the container's files and its memory image, with headroom. A size
   * the source could not tell counts as zero, and the check then warns instead of passing.
   */
  static PreflightCheck disk(String destination, DiskInfo disk, OptionalLong rootfsBytes, OptionalLong memoryBytes) {
    long rootfs = rootfsBytes.orElse(0);
    long memory = memoryBytes.orElse(0);
    long needed = (long) Math.ceil((rootfs + memory) * DISK_HEADROOM);
    long free = disk.freeBytes();
    String figures = size(needed) + " needed (files " + (rootfsBytes.isPresent() ? size(rootfs) : "unknown")
        + " + memory " + (memoryBytes.isPresent() ? size(memory) : "unknown") + ", x" + DISK_HEADROOM + "), "
        + size(free) + " free at " + disk.path();
    if (free < needed) {
      return PreflightCheck.fail(DISK, destination + " has too little free space: " + figures + ". Free some space there.");
    }
    if (rootfsBytes.isEmpty() || memoryBytes.isEmpty()) {
      return PreflightCheck.warn(DISK, "the container's size is only partly known, so the space may not suffice: " + figures
          + " on " + destination);
    }
    return PreflightCheck.pass(DISK, figures + " on " + destination);
  }

  /** CRIU locks the container's network during the dump on the source and until the restore on the destination. */
  static PreflightCheck networkLock(Side source, Side destination) {
    List<String> problems = new ArrayList<>();
    for (Side s : List.of(source, destination)) {
      NetworkLock lock = s.facts().networkLock();
      if (lock.usable()) {
        continue;
      }
      if (NetworkLock.NFTABLES.equals(lock.backend())) {
        problems.add("on " + s.name() + " CRIU is set to use nftables (in " + lock.configuredIn() + ") but was built without it:"
            + " remove that line and install iptables there, or " + INSTALL_CRIU);
      } else {
        problems.add("on " + s.name() + " iptables is not installed: install it there (apt-get install iptables)"
            + (lock.criuNftables() ? ", or add 'network-lock nftables' to /etc/criu/default.conf" : ""));
      }
    }
    if (problems.isEmpty()) {
      return PreflightCheck.pass(NETWORK_LOCK, "CRIU can lock the network on both hosts (" + source.name() + ": "
          + source.facts().networkLock().backend() + ", " + destination.name() + ": " + destination.facts().networkLock().backend() + ")");
    }
    return PreflightCheck.fail(NETWORK_LOCK, "CRIU cannot lock the network during the move, so TCP connections could not be kept; "
        + String.join("; ", problems) + ".");
  }

  static PreflightCheck rsync(Side source, Side destination) {
    List<String> missing = new ArrayList<>();
    for (Side s : List.of(source, destination)) {
      if (!s.facts().rsync().present()) {
        missing.add(s.name());
      }
    }
    return missing.isEmpty() ? PreflightCheck.pass(RSYNC, "rsync on both hosts: file systems are copied as deltas")
        : PreflightCheck.warn(RSYNC, "rsync is missing on " + String.join(" and ", missing)
            + "; files will be copied whole, which lengthens the freeze. Install rsync on both hosts.");
  }

  /** What each side offers for pre-copy and post-copy; the strategy choice explains what follows from it. */
  static PreflightCheck memoryFeatures(Side source, Side destination) {
    return PreflightCheck.pass(MEMORY_FEATURES, features(source) + "; " + features(destination));
  }

  private static String features(Side side) {
    if (!criuRuns(side)) {
      // A CRIU that cannot start reports every feature as missing, which says nothing about the kernel.
      return side.name() + " dirty tracking: unknown, userfaultfd: unknown (CRIU does not work there)";
    }
    CriuInfo criu = side.facts().criu();
    return side.name() + " dirty tracking: " + yesNo(criu.preCopy()) + ", userfaultfd: " + yesNo(criu.postCopy());
  }

  /** CRIU's first error line, or the last thing it said when it named no error. */
  private static String firstError(String output) {
    return output.lines().filter(l -> l.contains("Error")).findFirst()
        .orElse(output.strip().lines().reduce((x, y) -> y).orElse("")).strip();
  }

  static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /** Sizes as people read them: a container's few MiB, a disk's many GiB. */
  static String size(long bytes) {
    return bytes >= GIB ? String.format(Locale.ROOT, "%.1f GiB", bytes / GIB) : String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
  }
}
