package dev.ferry.engine.migration;

import dev.ferry.engine.migration.PreflightRules.Side;
import dev.ferry.engine.probe.RuntimeInfo;
import dev.ferry.engine.probe.Version;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight verdicts that only a Podman container needs, as pure functions of what was found: Podman
 * on both hosts and new enough, an OCI runtime that can checkpoint, the destination free of the name and
 * of the host ports the container publishes, its image there or brought over, and what its network lets
 * follow it. Kept apart from {@link PreflightRules}, which judges what every migration needs.
 */
final class PodmanPreflightRules {
  static final String PODMAN = "Podman";
  static final String PODMAN_RUNTIME = "Podman runtime";
  static final String PODMAN_NAME = "Podman name";
  static final String IMAGE = "image";
  static final String PORTS = "ports";
  static final String NETWORK = "network";
  /** --print-stats and the export of a checkpoint with its file-system changes, as Ferry uses them, came with Podman 4.0. */
  static final Version MINIMUM = Version.of(4, 0);

  private PodmanPreflightRules() {}

  /** What the destination said about the container's name, image and ports (one round trip, {@link Preflight}). */
  record Destination(boolean nameTaken, boolean imageThere, List<Integer> portsTaken) {
    static Destination parse(String lookup) {
      List<String> lines = lookup.lines().map(String::strip).toList();
      List<Integer> ports = lines.stream().filter(l -> l.startsWith("port ")).map(l -> Integer.parseInt(l.substring(5).strip())).toList();
      return new Destination(lines.contains("name"), lines.contains("image"), ports);
    }
  }

  static PreflightCheck podman(Side side) {
    Optional<RuntimeInfo> p = side.facts().runtime(RuntimeInfo.PODMAN);
    if (p.isEmpty()) {
      return PreflightCheck.fail(PODMAN, "Podman is not installed on " + side.name() + ", so a Podman container cannot be checkpointed"
          + " or restored there; install the podman package there (./ferry prepare does it on Debian).");
    }
    Optional<Version> v = Version.find(p.get().version());
    if (v.isPresent() && !v.get().isAtLeast(MINIMUM)) {
      return PreflightCheck.fail(PODMAN, "Podman on " + side.name() + " is " + p.get().version() + "; Ferry needs Podman " + MINIMUM
          + " or newer to export and import checkpoints. Upgrade it there.");
    }
    return PreflightCheck.pass(PODMAN, "Podman " + p.get().version() + " on " + side.name());
  }

  /** The OCI runtime the container runs with: Podman checkpoints through it, and Debian's crun has no CRIU. */
  static PreflightCheck ociRuntime(String source, PodmanContainer c) {
    if (c.ociRuntime().isEmpty() || c.ociRuntime().equals(RuntimeInfo.RUNC)) {
      return PreflightCheck.pass(PODMAN_RUNTIME, c.name() + " runs with runc, which checkpoints through CRIU");
    }
    return PreflightCheck.fail(PODMAN_RUNTIME, c.name() + " runs with " + c.ociRuntime() + " on " + source + ", which Podman cannot"
        + " checkpoint with here (Debian's crun is built without CRIU). Start it with '--runtime runc' (or make runc Podman's default"
        + " runtime in containers.conf), then migrate it.");
  }

  static PreflightCheck name(String ct, String destination, Destination found) {
    if (found.nameTaken()) {
      return PreflightCheck.fail(PODMAN_NAME, destination + " already has a Podman container named " + ct + ", and Podman restores it"
          + " under its own name. Remove or rename the one there first ('podman container rm " + ct + "' on " + destination + ").");
    }
    return PreflightCheck.pass(PODMAN_NAME, "the name " + ct + " is free on " + destination);
  }

  static PreflightCheck image(PodmanContainer c, String destination, Destination found) {
    if (found.imageThere()) {
      return PreflightCheck.pass(IMAGE, c.imageName() + " is on " + destination + " with the same id");
    }
    return PreflightCheck.pass(IMAGE, destination + " has no image with the id of " + c.imageName() + " (an image made or imported"
        + " there separately has another id): Ferry brings it over while the container runs (podman image save and load)");
  }

  static PreflightCheck ports(PodmanContainer c, String destination, Destination found) {
    if (!found.portsTaken().isEmpty()) {
      return PreflightCheck.fail(PORTS, c.name() + " publishes host port(s) " + join(found.portsTaken()) + ", which something on "
          + destination + " already listens on; Podman would fail to publish them at the restore. Free them there first.");
    }
    if (c.hostPorts().isEmpty()) {
      return PreflightCheck.pass(PORTS, c.name() + " publishes no host port");
    }
    return PreflightCheck.pass(PORTS, "host port(s) " + join(c.hostPorts()) + " are free on " + destination
        + ", where Podman publishes them again");
  }

  static PreflightCheck network(PodmanContainer c, String source, String destination) {
    if (c.namedNetns().isPresent()) {
      return PreflightCheck.pass(NETWORK, c.name() + " joins the network namespace " + c.namedNetns().get() + ": the same one is made on "
          + destination + ", and its address moves there with the host's address hook, so its TCP connections follow it");
    }
    if (c.networkMode().startsWith("ns:")) {
      return PreflightCheck.fail(NETWORK, c.name() + " joins the network namespace at " + c.networkMode().substring(3) + ", which Ferry"
          + " cannot make on " + destination + " (only a named one in /run/netns can be), so Podman's restore there would fail. Run it"
          + " in a named namespace (--network ns:/run/netns/NAME).");
    }
    if (c.networkMode().equals("host")) {
      return PreflightCheck.warn(NETWORK, c.name() + " uses " + source + "'s own network: its sockets are bound to " + source
          + "'s addresses, so its TCP connections cannot follow it, and a socket bound to one of those addresses fails the restore.");
    }
    if (c.podmanNetwork()) {
      return PreflightCheck.warn(NETWORK, c.name() + " is on Podman's own network (" + c.networkMode() + "): it keeps its name and"
          + " published ports on " + destination + ", but clients reach it there at " + destination + "'s address, so TCP connections"
          + " made through " + source + " are lost. For connections that survive, run it in a named network namespace with an address"
          + " of its own (--network ns:/run/netns/NAME).");
    }
    return PreflightCheck.pass(NETWORK, c.name() + " has no network (" + c.networkMode() + ")");
  }

  /** The strategy for a Podman container: stop-and-copy, the only one Podman's export and import give. */
  static StrategyChoice strategy(Optional<Strategy> wanted, List<PreflightCheck> checks) {
    if (wanted.isPresent() && wanted.get() != Strategy.STOP_AND_COPY) {
      checks.add(PreflightCheck.fail("strategy", wanted.get() + " was asked for, but Ferry moves Podman containers only by stop-and-copy"
          + " (Podman's checkpoint export and import). Use auto or stop-and-copy."));
    }
    return new StrategyChoice(Strategy.STOP_AND_COPY, "a Podman container moves with Podman's own checkpoint export and import, which"
        + " copy its memory while it is frozen");
  }

  private static String join(List<Integer> ports) {
    return String.join(", ", ports.stream().map(String::valueOf).toList());
  }
}
