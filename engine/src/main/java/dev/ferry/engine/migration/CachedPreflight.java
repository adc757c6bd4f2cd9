package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.PreflightRules.NameOnDestination;
import dev.ferry.engine.migration.PreflightRules.Side;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostLimits;
import dev.ferry.engine.probe.HostReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a destination can take a container, judged only from facts already probed and listed: both
 * hosts' {@link HostReport}s, the destination's container names and what the source said about the
 * container. It runs the same {@link PreflightRules} as {@link Preflight} but asks no host anything, so
 * a desktop drag can show every pane's verdict at once. Where {@link Preflight} runs
 * {@code criu cpuinfo check}, this compares the probed CPU flags, which is the cached stand-in; the
 * fresh pre-flight before a migration still makes CRIU's own check. Each verdict carries a short reason
 * for a pane ("no CRIU 4.2 on ferry-b", "CPU lacks avx512f") beside the full checks.
 */
public final class CachedPreflight {
  // How many missing CPU flags a short reason names before it says "and N more".
  private static final int FLAGS_SHOWN = 3;

  /** The checks, and for a blocked move the first failure in a few words. */
  public record Verdict(List<PreflightCheck> checks, Optional<String> refusal) {
    public Verdict {
      checks = List.copyOf(checks);
    }

    public boolean accepted() {
      return refusal.isEmpty();
    }

    public List<PreflightCheck> warnings() {
      return checks.stream().filter(c -> c.status() == PreflightCheck.Status.WARN).toList();
    }
  }

  private CachedPreflight() {}

  /**
   * Judges moving {@code container} from {@code source} to {@code destination}. {@code info} is what
   * the source's runtime last said about the container (empty if it was not listed: the state and disk
   * checks are then left to the fresh pre-flight); {@code onDestination} are the names the destination
   * last listed.
   */
  public static Verdict judge(HostReport source, HostReport destination, ContainerName container, Optional<ContainerInfo> info,
      Collection<String> onDestination) {
    return judge(source, destination, container, info, onDestination, false);
  }

  /** As {@link #judge(HostReport, HostReport, ContainerName, Optional, Collection)}; a Podman container also needs Podman on both hosts. */
  public static Verdict judge(HostReport source, HostReport destination, ContainerName container, Optional<ContainerInfo> info,
      Collection<String> onDestination, boolean podman) {
    Side from = new Side(source.host(), source.facts());
    Side to = new Side(destination.host(), destination.facts());
    List<PreflightCheck> checks = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    info.ifPresent(c -> add(checks, refusals, PreflightRules.container(container, source.host(), c),
        container + " is " + c.state().name().toLowerCase(java.util.Locale.ROOT)));
    add(checks, refusals, PreflightRules.criu(from), criuRefusal(from));
    add(checks, refusals, PreflightRules.criu(to), criuRefusal(to));
    add(checks, refusals, PreflightRules.architecture(from, to), from.facts().architecture() + " to " + to.facts().architecture());
    Optional<PreflightCheck> uncheckable = PreflightRules.cpuUncheckable(from, to);
    if (uncheckable.isPresent()) {
      checks.add(uncheckable.get());
    } else {
      Set<String> missing = missingFlags(from.facts(), to.facts());
      add(checks, refusals, cpuFlags(from.name(), to.name(), missing), "CPU lacks " + shortList(missing));
    }
    add(checks, refusals, PreflightRules.runtime(to), "no runc on " + to.name());
    if (podman) {
      add(checks, refusals, PodmanPreflightRules.podman(from), "no Podman " + PodmanPreflightRules.MINIMUM + " on " + from.name());
      add(checks, refusals, PodmanPreflightRules.podman(to), "no Podman " + PodmanPreflightRules.MINIMUM + " on " + to.name());
    }
    add(checks, refusals, PreflightRules.name(container, to.name(),
        onDestination.contains(container.value()) ? NameOnDestination.CONTAINER : NameOnDestination.FREE),
        "name clash: " + container + " exists on " + to.name());
    info.ifPresent(c -> add(checks, refusals, PreflightRules.disk(to.name(), to.facts().disk(), c.rootfsBytes(), c.memoryBytes()),
        "not enough disk on " + to.name()));
    add(checks, refusals, PreflightRules.networkLock(from, to), "no network lock (iptables)");
    checks.add(PreflightRules.rsync(from, to));
    checks.add(PreflightRules.memoryFeatures(from, to));
    return new Verdict(checks, refusals.stream().findFirst());
  }

  /**
   * The processor check from probed flags: every instruction-set flag the source's processor offers,
   * its programs may use, so the destination must offer it too (field notes §1, §7: SIGILL after restore).
   */
  static PreflightCheck cpuFlags(String source, String destination, Set<String> missing) {
    if (missing.isEmpty()) {
      return PreflightCheck.pass(PreflightRules.CPU, destination + "'s processor has every flag of " + source
          + "'s (from the probe; CRIU's own check runs before the move)");
    }
    return PreflightCheck.fail(PreflightRules.CPU, destination + "'s processor lacks " + String.join(", ", missing) + ", which "
        + source + "'s processor has; programs using them would crash after the move. Choose a destination with the same or a newer processor.");
  }

  static Set<String> missingFlags(HostFacts source, HostFacts destination) {
    Set<String> missing = new TreeSet<>(source.cpu().flags());
    missing.removeAll(destination.cpu().flags());
    return missing;
  }

  private static void add(List<PreflightCheck> checks, List<String> refusals, PreflightCheck check, String refusal) {
    checks.add(check);
    if (check.status() == PreflightCheck.Status.FAIL) {
      refusals.add(refusal);
    }
  }

  /** The CRIU check's failure in a few words, in the order {@link PreflightRules#criu} tests them. */
  private static String criuRefusal(Side side) {
    HostFacts f = side.facts();
    if (!f.criu().installed() || HostLimits.criuTooOldForKernel(f)) {
      return "no CRIU " + HostLimits.criuMinimum() + " on " + side.name();
    }
    if (!f.root()) {
      return "not root on " + side.name();
    }
    return "criu check fails on " + side.name();
  }

  private static String shortList(Set<String> flags) {
    List<String> all = List.copyOf(flags);
    String shown = String.join(", ", all.subList(0, Math.min(FLAGS_SHOWN, all.size())));
    return all.size() > FLAGS_SHOWN ? shown + " and " + (all.size() - FLAGS_SHOWN) + " more" : shown;
  }
}
