package dev.ferry.app.migration;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.CachedPreflight;
import dev.ferry.engine.probe.HostReport;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A dragged card's verdict for one pane, as a pure function of what the app already knows: the hosts
 * cache and the migrations in flight. The judging is the engine's ({@link CachedPreflight}); this adds
 * only what the app knows and the engine does not (same host, disconnected, already moving).
 */
final class DropVerdicts {
  private static final String RUNC = "runc";
  private static final String PODMAN = "podman";

  private DropVerdicts() {}

  static DropVerdict verdict(HostFactsCache facts, Collection<MigrationPort.InFlight> moving, ContainerRef c, String target) {
    if (c.host().equals(target)) {
      return DropVerdict.refuse("same host");
    }
    if (moving.stream().anyMatch(m -> m.container().host().equals(c.host()) && m.container().name().equals(c.name()))) {
      return DropVerdict.refuse(c.name() + " is already moving");
    }
    boolean podman = PODMAN.equals(c.runtime());
    if (!RUNC.equals(c.runtime()) && !podman) {
      return DropVerdict.refuse("only runc and Podman containers move (this one is " + c.runtime() + ")");
    }
    Optional<ContainerInfo> info = facts.containers(c.host()).stream().filter(i -> i.id().equals(c.name())).findFirst();
    return judge(facts, c.host(), c.name(), info, target, podman, "can take ");
  }

  /**
   * Whether {@code target} would take a restore of {@code cp}: the same rules, with the checkpoint's
   * host as the source (its CPU, CRIU and architecture are what the images need) and no live container
   * to look at. Its own host takes it back too ("restore here"), unless the container runs there.
   */
  static DropVerdict restoreVerdict(HostFactsCache facts, Collection<MigrationPort.InFlight> moving, CheckpointRef cp, String target) {
    if (moving.stream().anyMatch(m -> m.container().name().equals(cp.container())
        && (m.container().host().equals(target) || m.destination().equals(target)))) {
      return DropVerdict.refuse(cp.container() + " is moving there");
    }
    return judge(facts, cp.host(), cp.container(), Optional.empty(), target, false, "can restore ");
  }

  private static DropVerdict judge(HostFactsCache facts, String source, String container, Optional<ContainerInfo> info, String target,
      boolean podman, String acceptWords) {
    if (!facts.connected(target)) {
      return DropVerdict.refuse("disconnected");
    }
    Optional<HostReport> to = facts.probe(target);
    Optional<HostReport> from = facts.probe(source);
    if (to.isEmpty()) {
      return DropVerdict.refuse("not probed yet");
    }
    if (from.isEmpty()) {
      return DropVerdict.refuse(source + " not probed yet");
    }
    ContainerName name;
    try {
      name = ContainerName.of(container);
    } catch (IllegalArgumentException e) {
      return DropVerdict.refuse("not a container name Ferry can move");
    }
    List<String> names = facts.containers(target).stream().map(ContainerInfo::id).toList();
    CachedPreflight.Verdict v = CachedPreflight.judge(from.get(), to.get(), name, info, names, podman);
    if (!v.accepted()) {
      return DropVerdict.refuse(v.refusal().get());
    }
    int warnings = v.warnings().size();
    return DropVerdict.accept(warnings == 0 ? acceptWords + container : acceptWords + container + " (" + warnings
        + (warnings == 1 ? " warning)" : " warnings)"));
  }
}
