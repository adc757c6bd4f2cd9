package dev.ferry.app.hosts;

import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.HostContainers;
import dev.ferry.engine.container.Runtimes;
import dev.ferry.engine.metrics.MetricsSettings;
import dev.ferry.engine.metrics.MetricsStream;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected host as its pane needs it: the single SSH session, one probe, the container listing
 * refreshed every {@link #CONTAINER_REFRESH}, the metrics stream, and a periodic checkpoint count.
 * Engine events reach the pane through {@link HostEvents}; one-off work goes through the executor.
 */
public final class HostLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostLink.class);
  /**
   * State changes must show within a second (issue #8); listing every 500 ms gives at most 0.5 s plus
   * one listing's time (a pause showed on its card 554 ms after runc paused it, lab test). Cost,
   * measured on a lab host (20 runs each): the runc listing 21 ms, Podman's `podman ps --all --size`
   * 99 ms (its --size walks every container's files), both over the one SSH session: about 0.25 s of
   * host time per second where Podman is installed, 0.04 s where only runc is.
   */
  public static final Duration CONTAINER_REFRESH = Duration.ofMillis(500);
  /** Checkpoints change only when someone takes or deletes one; a quarter minute lag is fine for a count. */
  public static final Duration CHECKPOINT_REFRESH = Duration.ofSeconds(15);

  private final SshHost ssh;
  private final EngineThreads threads;
  private final TaskExecutor executor;
  private final HostPaneViewModel pane;
  private final HostEvents events;
  private final Function<SshHost, List<RecoveryAction>> recovery;
  private HostContainers containers;
  private MetricsStream metrics;
  private TaskExecutor.Cancellable checkpointCount;
  private boolean starting;

  /** {@code recovery}: resolves what this host took part in, with the other hosts open in the window (a migration needs both sides). */
  HostLink(SshHost ssh, EngineThreads threads, TaskExecutor executor, HostPaneViewModel pane,
      Function<SshHost, List<RecoveryAction>> recovery) {
    this.ssh = ssh;
    this.recovery = recovery;
    this.threads = threads;
    this.executor = executor;
    this.pane = pane;
    this.events = new HostEvents(executor.ui(), pane);
    ssh.addListener(events);
  }

  public SshHost session() {
    return ssh;
  }

  private record Started(HostReport report, HostContainers containers, List<ContainerInfo> first, List<RecoveryAction> recovered) {}

  /** Connects, probes and lists; then keeps the pane live. Called on the UI thread; again to retry after a failure. */
  public void start() {
    if (starting || containers != null) {
      return;
    }
    starting = true;
    pane.connecting();
    executor.execute(BackgroundTask.of("connect " + ssh.name(), () -> {
      ssh.connect();
      HostReport report = new HostProbe(ssh).report();
      threads.io().execute(() -> FirstDragWarmUp.once(report));
      // An interrupted migration (this client or a host restarted mid-way) is finished or undone on the next
      // connection, before the pane lists the host's containers (issue 9).
      List<RecoveryAction> recovered = recoverInterruptedMigrations();
      HostContainers hc = new HostContainers(ssh, Runtimes.on(ssh), threads.io());
      return new Started(report, hc, hc.refreshNow(), recovered);
    }).onSuccess(this::live).onFailure(e -> {
      starting = false;
      LOG.info("{}: {}", ssh.name(), e.getMessage());
      pane.connectFailed(e);
    }));
  }

  private void live(Started s) {
    starting = false;
    pane.connected();
    pane.probed(s.report());
    pane.recovered(s.recovered());
    pane.containersListed(s.first());
    containers = s.containers();
    containers.addListener(events);
    containers.refreshEvery(CONTAINER_REFRESH, threads.scheduler());
    metrics = new MetricsStream(ssh, MetricsSettings.defaults(), threads.scheduler());
    metrics.addListener(events);
    metrics.start();
    checkpointCount = executor.schedulePeriodically(BackgroundTask.of("checkpoints on " + ssh.name(), this::countCheckpoints)
        .onSuccess(pane::checkpointCounts)
        .onFailure(e -> LOG.debug("{}: cannot count checkpoints: {}", ssh.name(), e.getMessage())), CHECKPOINT_REFRESH);
  }

  private List<RecoveryAction> recoverInterruptedMigrations() {
    try {
      return recovery.apply(ssh);
    } catch (RuntimeException e) {
      // Recovery also runs before every migration; a host that cannot be swept now is still worth showing.
      LOG.warn("{}: could not look for interrupted migrations: {}", ssh.name(), e.getMessage());
      return List.of(new RecoveryAction("", "", ssh.name(), "could not look for interrupted migrations: " + e.getMessage(), ""));
    }
  }

  /** A listing now rather than at the next tick (after a migration); the result reaches the pane as events. */
  public void refreshContainers() {
    HostContainers c = containers;
    if (c != null) {
      // Failures are reported to the listeners; the periodic refresh tries again anyway.
      c.refresh().exceptionally(e -> null);
    }
  }

  private Map<String, Integer> countCheckpoints() {
    Map<String, Integer> counts = new HashMap<>();
    if (!ssh.isConnected()) {
      // Not zero: unknown. The last counts stay until the host is back.
      throw new IllegalStateException(ssh.name() + " is not connected");
    }
    for (Checkpoint c : new Checkpoints(ssh, threads.io()).list()) {
      counts.merge(c.container(), 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public void close() {
    if (checkpointCount != null) {
      checkpointCount.cancel();
    }
    if (metrics != null) {
      metrics.stop();
    }
    if (containers != null) {
      containers.close();
    }
    ssh.removeListener(events);
  }
}
