package dev.ferry.app.hosts;

import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerListener;
import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.metrics.MetricsListener;
import dev.ferry.engine.ssh.HostConnectionListener;
import java.time.Duration;

/**
 * The hosts feature's one adapter from engine threads to the UI thread: every connection, metrics and
 * container event of a host becomes one update of its pane's view model, posted through
 * {@link UiThread}. No handler elsewhere in the feature calls Platform.runLater.
 */
final class HostEvents implements HostConnectionListener, MetricsListener, ContainerListener {
  private final UiThread ui;
  private final HostPaneViewModel pane;

  HostEvents(UiThread ui, HostPaneViewModel pane) {
    this.ui = ui;
    this.pane = pane;
  }

  @Override
  public void connected(String host) {
    ui.post(pane::connected);
  }

  @Override
  public void disconnected(String host, String reason) {
    ui.post(() -> pane.disconnected(reason));
  }

  @Override
  public void reconnecting(String host, int attempt, Duration delay) {
    ui.post(() -> pane.reconnecting(attempt, delay));
  }

  @Override
  public void reconnected(String host) {
    ui.post(pane::reconnected);
  }

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

  @Override
  public void appeared(String host, ContainerInfo container) {
    ui.post(() -> pane.containerSeen(container));
  }

  @Override
  public void changed(String host, ContainerInfo before, ContainerInfo after) {
    ui.post(() -> pane.containerSeen(after));
  }

  @Override
  public void disappeared(String host, ContainerInfo container) {
    ui.post(() -> pane.containerGone(container));
  }
}
