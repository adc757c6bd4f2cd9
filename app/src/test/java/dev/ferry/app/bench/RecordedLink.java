package dev.ferry.app.bench;

import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.metrics.MetricsListener;
import dev.ferry.engine.metrics.MetricsReplay;
import dev.ferry.engine.metrics.MetricsSettings;
import dev.ferry.engine.metrics.MetricsStream;
import dev.ferry.engine.metrics.RecordedHost;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A benchmark pane's engine side without a host: a real {@link MetricsStream} over a
 * {@link RecordedHost}, its events posted to the pane one by one as the app's own HostEvents does
 * (package-private there, so mirrored here), a recorded probe, and a container listing made from the
 * replay's ids. The checkpoint count is refreshed on the app's cadence (15 s), with no checkpoints.
 */
final class RecordedLink implements HostsViewModel.Link {
  private final String name;
  private final String source;
  private final MetricsReplay replay;
  private final HostReport probe;
  private final EngineThreads threads;
  private final TaskExecutor executor;
  private final HostPaneViewModel pane;
  private final Duration phase;
  private MetricsStream metrics;
  private TaskExecutor.Cancellable checkpoints;

  RecordedLink(String name, String source, MetricsReplay replay, HostReport probe, EngineThreads threads, TaskExecutor executor,
      HostPaneViewModel pane, Duration phase) {
    this.name = name;
    this.source = source;
    this.replay = replay;
    this.probe = probe;
    this.threads = threads;
    this.executor = executor;
    this.pane = pane;
    this.phase = phase;
  }

  @Override
  public String address() {
    return "recording of " + source;
  }

  /** On the UI thread, as HostLink's start. */
  @Override
  public void start() {
    pane.connected();
    pane.probed(probe);
    pane.containersListed(listing());
    UiThread ui = executor.ui();
    metrics = new MetricsStream(new RecordedHost(name, replay, threads.scheduler(), 1, phase), MetricsSettings.defaults(), threads.scheduler());
    metrics.addListener(new MetricsListener() {
      @Override
      public void hostSample(HostSample sample) {
        ui.post(() -> pane.hostSample(sample));
      }

      @Override
      public void containerSample(ContainerSample sample) {
        ui.post(() -> pane.containerSample(sample));
      }

      @Override
      public void streamStopped(String host, String reason) {
        ui.post(() -> pane.metricsStopped(reason));
      }
    });
    metrics.start();
    checkpoints = executor.schedulePeriodically(BackgroundTask.of("checkpoints on " + name, () -> Map.<String, Integer>of())
        .onSuccess(pane::checkpointCounts), Duration.ofSeconds(15));
  }

  private List<ContainerInfo> listing() {
    List<ContainerInfo> list = new ArrayList<>();
    Instant now = Instant.now();
    int i = 0;
    for (String id : replay.containerIds()) {
      list.add(new ContainerInfo(id, "runc", ContainerState.RUNNING, 1000 + i, "/var/lib/ferry/containers/" + id,
          "/var/lib/ferry/containers/" + id + "/rootfs", now.minus(Duration.ofMinutes(5L + 7L * i)), OptionalLong.empty(),
          OptionalLong.of(1), OptionalLong.empty()));
      i++;
    }
    return list;
  }

  @Override
  public SshHost session() {
    throw new UnsupportedOperationException(name + " is a recorded host: it has no SSH session");
  }

  @Override
  public void close() {
    if (checkpoints != null) {
      checkpoints.cancel();
    }
    if (metrics != null) {
      metrics.stop();
    }
  }
}
