package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.metrics.ContainerSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One container as its card shows it: name, runtime, state, CPU, a memory sparkline, uptime and its
 * checkpoints, plus whether it is migrating (or is the ghost of one arriving). Fed on the UI thread
 * by the pane's view model; the card view only binds.
 */
public final class ContainerCardViewModel {
  /** One minute at one sample a second: enough to see a trend on a small card. */
  public static final int MEMORY_POINTS = 60;

  private final ContainerRef ref;
  private final boolean ghost;
  private final Function<ContainerRef, List<ContainerCardViewModel.MoveTarget>> moveTargets;
  private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");
  private final ReadOnlyStringWrapper stateStyle = new ReadOnlyStringWrapper(this, "stateStyle", "unknown");
  private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper(this, "cpu", "CPU –");
  private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "–");
  private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper(this, "uptime", "");
  private final ReadOnlyIntegerWrapper checkpoints = new ReadOnlyIntegerWrapper(this, "checkpoints");
  private final ReadOnlyStringWrapper checkpointsText = new ReadOnlyStringWrapper(this, "checkpointsText", "no checkpoints");
  private final ReadOnlyBooleanWrapper migrating = new ReadOnlyBooleanWrapper(this, "migrating");
  private final ReadOnlyStringWrapper migratingText = new ReadOnlyStringWrapper(this, "migratingText", "");
  private final SparkSeries memorySeries = new SparkSeries(MEMORY_POINTS);
  private Instant startedAt;
  private ContainerState lastState = ContainerState.UNKNOWN;

  /** A real card of a container on this host. */
  ContainerCardViewModel(ContainerRef ref, Function<ContainerRef, List<ContainerCardViewModel.MoveTarget>> moveTargets) {
    this(ref, false, moveTargets);
  }

  private ContainerCardViewModel(ContainerRef ref, boolean ghost, Function<ContainerRef, List<ContainerCardViewModel.MoveTarget>> moveTargets) {
    this.ref = ref;
    this.ghost = ghost;
    this.moveTargets = moveTargets;
  }

  /** The ghost on a destination pane of a container still on its way from {@code ref.host()}. */
  static ContainerCardViewModel ghostOf(ContainerRef ref) {
    ContainerCardViewModel g = new ContainerCardViewModel(ref, true, r -> List.of());
    g.state.set("arriving from " + ref.host());
    g.stateStyle.set("ghost");
    g.migrating.set(true);
    g.migratingText.set("migrating");
    return g;
  }

  public ContainerRef ref() {
    return ref;
  }

  public String name() {
    return ref.name();
  }

  public String runtime() {
    return ref.runtime().equals("podman") ? "Podman" : ref.runtime();
  }

  public boolean ghost() {
    return ghost;
  }

  /** Where "Move to ▸" may send this container, each with the verdict a drop there would get. */
  public List<MoveTarget> moveTargets() {
    return ghost ? List.of() : moveTargets.apply(ref);
  }

  /** The state as the last listing saw it; the uptime restarts when the container was (re)created. */
  void update(ContainerInfo info, Instant now) {
    lastState = info.state();
    state.set(info.state().name().toLowerCase(Locale.ROOT));
    stateStyle.set(info.state().name().toLowerCase(Locale.ROOT));
    startedAt = info.created();
    if (info.memoryBytes().isPresent() && memorySeries.size() == 0) {
      memory.set(Formats.bytes(info.memoryBytes().getAsLong()));
    }
    tick(now);
  }

  void sample(ContainerSample s) {
    cpu.set("CPU " + (s.cpuPercent() < 10 ? String.format(Locale.ROOT, "%.1f %%", s.cpuPercent()) : Formats.percent(s.cpuPercent())));
    if (s.memoryBytes() != ContainerSample.UNKNOWN) {
      memorySeries.add(s.memoryBytes());
      memory.set(Formats.bytes(s.memoryBytes()));
    }
  }

  void tick(Instant now) {
    if (startedAt == null || ghost) {
      return;
    }
    boolean up = lastState == ContainerState.RUNNING || lastState == ContainerState.PAUSED;
    uptime.set(up ? "up " + Formats.uptime(Duration.between(startedAt, now)) : "");
  }

  void checkpoints(int count) {
    checkpoints.set(count);
    checkpointsText.set(count == 0 ? "no checkpoints" : count == 1 ? "1 checkpoint" : count + " checkpoints");
  }

  void migrating(boolean on, String destination) {
    if (ghost) {
      return;
    }
    migrating.set(on);
    migratingText.set(on ? "migrating to " + destination : "");
  }

  public ReadOnlyStringProperty state() {
    return state.getReadOnlyProperty();
  }

  /** A CSS-friendly word for the state: running, paused, stopped, created, unknown, ghost. */
  public ReadOnlyStringProperty stateStyle() {
    return stateStyle.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty cpu() {
    return cpu.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty memory() {
    return memory.getReadOnlyProperty();
  }

  public SparkSeries memorySeries() {
    return memorySeries;
  }

  public ReadOnlyStringProperty uptime() {
    return uptime.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty checkpoints() {
    return checkpoints.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty checkpointsText() {
    return checkpointsText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty migrating() {
    return migrating.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty migratingText() {
    return migratingText.getReadOnlyProperty();
  }

  /** A destination in "Move to ▸": the host, and whether and why it can or cannot take the container. */
  public record MoveTarget(String host, DropVerdict verdict) {}
}
