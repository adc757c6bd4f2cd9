package dev.ferry.app.hosts;

import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.migration.MigrationPort;
import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The host panes of the main window, in order, and what the app knows about each host: this is the
 * {@link HostFactsCache} the migration feature reads, and the {@link Moves} the panes ask. Runs on the
 * UI thread; engine work happens in the {@link Link}s and the executor.
 */
public final class HostsViewModel implements HostFactsCache, Moves {
  /** Opens the engine side of a host for its pane. */
  @FunctionalInterface
  public interface Opener {
    Link open(HostSpec spec, HostPaneViewModel pane);
  }

  /** A host's engine side, as the panes need it. */
  public interface Link {
    String address();

    void start();

    SshHost session();

    /** Lists the host's containers again now, in the background; the pane hears the difference. */
    default void refreshContainers() {}

    void close();
  }

  private final TaskExecutor executor;
  private final ObservableList<HostPaneViewModel> panes = FXCollections.observableArrayList();
  // Kept: a fresh read-only wrapper per call would drop its listeners when collected.
  private final ObservableList<HostPaneViewModel> panesView = FXCollections.unmodifiableObservableList(panes);
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private Opener opener;
  private MigrationPort port;
  private CheckpointPort checkpoints;
  private EvacuationPort evacuation;
  private TaskExecutor.Cancellable clock;

  public HostsViewModel(TaskExecutor executor) {
    this.executor = executor;
  }

  /** The engine is ready (the ssh config has been read): hosts can be added from now on. */
  public void ready(Opener opener) {
    this.opener = opener;
  }

  public boolean isReady() {
    return opener != null;
  }

  public void setMigrationPort(MigrationPort port) {
    this.port = port;
    port.inFlight().addListener((ListChangeListener<MigrationPort.InFlight>) c -> {
      List<MigrationPort.InFlight> now = List.copyOf(port.inFlight());
      panes.forEach(p -> p.inFlight(now));
    });
  }

  public void setCheckpointPort(CheckpointPort checkpoints) {
    this.checkpoints = checkpoints;
  }

  public void setEvacuationPort(EvacuationPort evacuation) {
    this.evacuation = evacuation;
  }

  /** Uptimes move on once a second. */
  public void startClock() {
    clock = executor.schedulePeriodically(BackgroundTask.of("clock", Instant::now)
        .onSuccess(now -> panes.forEach(p -> p.tick(now))), Duration.ofSeconds(1));
  }

  /** Adds a pane for {@code spec} and connects it; a host already shown is not added twice. Returns whether it was added. */
  public boolean add(HostSpec spec) {
    if (opener == null) {
      status.set("Still reading the ssh config; try again in a moment.");
      return false;
    }
    if (links.containsKey(spec.name())) {
      status.set(spec.name() + " is already shown.");
      return false;
    }
    HostPaneViewModel pane = new HostPaneViewModel(spec.name(), "", this);
    Link link;
    try {
      link = opener.open(spec, pane);
    } catch (RuntimeException e) {
      status.set("Cannot add " + spec.name() + ": " + e.getMessage());
      return false;
    }
    pane.setAddress(link.address());
    links.put(spec.name(), link);
    panes.add(pane);
    if (port != null) {
      pane.inFlight(List.copyOf(port.inFlight()));
    }
    link.start();
    return true;
  }

  /** Tries again to connect a pane whose connection failed. */
  public void retry(String host) {
    Link link = links.get(host);
    if (link != null) {
      link.start();
    }
  }

  public ObservableList<HostPaneViewModel> panes() {
    return panesView;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  void say(String message) {
    status.set(message);
  }

  private Optional<HostPaneViewModel> pane(String host) {
    return panes.stream().filter(p -> p.name().equals(host)).findFirst();
  }

  // ---- HostFactsCache ----

  @Override
  public List<String> hosts() {
    return panes.stream().map(HostPaneViewModel::name).toList();
  }

  @Override
  public Optional<HostReport> probe(String host) {
    return pane(host).flatMap(HostPaneViewModel::report);
  }

  @Override
  public List<ContainerInfo> containers(String host) {
    return pane(host).map(HostPaneViewModel::containers).orElse(List.of());
  }

  @Override
  public boolean connected(String host) {
    return pane(host).map(HostPaneViewModel::isConnected).orElse(false);
  }

  @Override
  public SshHost session(String host) {
    Link link = links.get(host);
    if (link == null) {
      throw new IllegalArgumentException("no host named " + host + " is shown");
    }
    return link.session();
  }

  @Override
  public void refreshContainers(String host) {
    Link link = links.get(host);
    if (link != null) {
      link.refreshContainers();
    }
  }

  // ---- Moves ----

  @Override
  public DropVerdict verdict(ContainerRef container, String targetHost) {
    if (container.host().equals(targetHost)) {
      return DropVerdict.refuse("it is already here");
    }
    return port == null ? DropVerdict.refuse("migrations are not available") : port.verdict(container, targetHost);
  }

  @Override
  public List<ContainerCardViewModel.MoveTarget> targetsFor(ContainerRef container) {
    return panes.stream().map(HostPaneViewModel::name).filter(h -> !h.equals(container.host()))
        .map(h -> new ContainerCardViewModel.MoveTarget(h, verdict(container, h))).toList();
  }

  @Override
  public void requestMove(ContainerRef container, String targetHost) {
    if (port != null) {
      port.requestMove(container, targetHost);
    }
  }

  @Override
  public void dragStarted(ContainerRef container) {
    panes.forEach(p -> p.showVerdict(container));
  }

  @Override
  public void dragEnded() {
    panes.forEach(HostPaneViewModel::clearVerdict);
  }

  @Override
  public DropVerdict restoreVerdict(CheckpointRef checkpoint, String targetHost) {
    return port == null ? DropVerdict.refuse("restores are not available") : port.restoreVerdict(checkpoint, targetHost);
  }

  @Override
  public void requestRestore(CheckpointRef checkpoint, String targetHost) {
    if (checkpoints != null) {
      checkpoints.restore(checkpoint, targetHost);
    }
  }

  @Override
  public void checkpointDragStarted(CheckpointRef checkpoint) {
    panes.forEach(p -> p.showRestoreVerdict(checkpoint));
  }

  @Override
  public void checkpointNow(ContainerRef container) {
    if (checkpoints != null) {
      checkpoints.checkpointNow(container);
    }
  }

  @Override
  public void showCheckpoints(ContainerRef container) {
    if (checkpoints != null) {
      checkpoints.showCheckpoints(container);
    }
  }

  @Override
  public void autopilot(ContainerRef container) {
    if (port != null) {
      port.autopilot(container);
    }
  }

  @Override
  public void evacuate(String host) {
    if (evacuation != null && connected(host)) {
      evacuation.evacuate(host);
    } else if (evacuation != null) {
      status.set(host + " is not connected: connect it before evacuating it.");
    }
  }

  public void close() {
    if (clock != null) {
      clock.cancel();
    }
    links.values().forEach(Link::close);
  }
}
