package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live metrics of one host: a single long-running sampler script over the host's SSH session (not
 * one command per figure per second), its output turned into {@link HostSample}s and
 * {@link ContainerSample}s for the listeners. When the stream ends (sshd restarted, connection
 * dropped) or goes silent for {@link MetricsSettings#staleAfter()}, it is started again as soon as
 * the host reconnects, or else with backoff, until {@link #stop()}. Nothing here blocks: the SSH
 * work runs on the host's threads and timers on the given scheduler.
 */
public final class MetricsStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsStream.class);

  private final RemoteHost host;
  private final MetricsSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Command command;
  private final ListenerFanOut listeners = new ListenerFanOut();
  private final RestartBackoff backoff;
  private final HostConnectionListener reconnects = new HostConnectionListener() {
    @Override
    public void reconnected(String hostName) {
      restartNow();
    }
  };
  private final Object lock = new Object();
  // Guarded by lock. current is null while waiting to restart; interrupted means streamStopped was sent.
  private boolean running;
  private boolean interrupted;
  private volatile StreamRun current;
  private CompletableFuture<Integer> currentFuture;
  private ScheduledFuture<?> pendingStart;
  private ScheduledFuture<?> watchdog;
  private volatile long lastProgressNanos;

  public MetricsStream(RemoteHost host, MetricsSettings settings, ScheduledExecutorService scheduler) {
    this(host, settings, scheduler, Clock.systemUTC(), MetricsScript.command(settings));
  }

  MetricsStream(RemoteHost host, MetricsSettings settings, ScheduledExecutorService scheduler, Clock clock, Command command) {
    this.host = host;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.command = command;
    this.backoff = new RestartBackoff(settings.restartInitialDelay(), settings.restartMaxDelay());
  }

  public String host() {
    return host.name();
  }

  public void addListener(MetricsListener listener) {
    listeners.add(listener);
  }

  public void removeListener(MetricsListener listener) {
    listeners.remove(listener);
  }

  public boolean isRunning() {
    synchronized (lock) {
      return running;
    }
  }

  /** Starts sampling; samples follow within about two intervals. Does nothing if already started. */
  public void start() {
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      interrupted = false;
      backoff.reset();
      host.addListener(reconnects);
      long every = settings.interval().toMillis();
      watchdog = scheduler.scheduleWithFixedDelay(this::checkStale, every, every, TimeUnit.MILLISECONDS);
      launch();
    }
  }

  /**
   * Stops sampling and the remote script, at once and without waiting. A sample being delivered
   * at this moment may still reach the listeners; none follows.
   */
  public void stop() {
    CompletableFuture<Integer> inFlight;
    synchronized (lock) {
      if (!running) {
        return;
      }
      running = false;
      cancel(pendingStart);
      cancel(watchdog);
      inFlight = currentFuture;
      current = null;
      currentFuture = null;
    }
    host.removeListener(reconnects);
    if (inFlight != null) {
      inFlight.cancel(true);
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Runs the script once more; called with the lock held, never while a run is in flight. */
  private void launch() {
    pendingStart = null;
    StreamRun run = new StreamRun(host.name(), clock, this::onTick);
    current = run;
    lastProgressNanos = System.nanoTime();
    CompletableFuture<Integer> future;
    try {
      future = host.stream(command, run);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    currentFuture = future;
    // Async, so that a future completed right away never runs listeners under the lock.
    future.whenCompleteAsync((code, error) -> onEnded(run, code, error), scheduler);
  }

  /** A tick from a run: dropped unless that run is the current one, so a cancelled run stays silent. */
  private void onTick(StreamRun run, RateCalculator.Tick tick) {
    if (run != current) {
      return;
    }
    lastProgressNanos = System.nanoTime();
    if (tick.host().isEmpty()) {
      return;
    }
    boolean resumed;
    synchronized (lock) {
      if (run != current) {
        return;
      }
      resumed = interrupted;
      interrupted = false;
    }
    if (resumed) {
      backoff.reset();
      LOG.info("{}: metrics resumed", host.name());
      listeners.each(l -> l.streamResumed(host.name()));
    }
    listeners.deliver(host.name(), tick);
  }

  private void onEnded(StreamRun run, Integer code, Throwable error) {
    boolean notify;
    synchronized (lock) {
      if (!running || run != current) {
        return;
      }
      current = null;
      currentFuture = null;
      notify = !interrupted;
      interrupted = true;
    }
    String reason = run.endReason(code, error);
    if (notify) {
      LOG.info("{}: metrics stream stopped ({}); starting it again", host.name(), reason);
      listeners.each(l -> l.streamStopped(host.name(), reason));
    } else {
      LOG.debug("{}: metrics stream attempt failed: {}", host.name(), reason);
    }
    synchronized (lock) {
      if (running && current == null && pendingStart == null) {
        pendingStart = scheduler.schedule(this::startPending, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The host's session is back: restart now rather than at the end of the backoff. */
  private void restartNow() {
    synchronized (lock) {
      if (running && current == null) {
        cancel(pendingStart);
        LOG.debug("{}: reconnected; restarting metrics now", host.name());
        launch();
      }
    }
  }

  private void startPending() {
    synchronized (lock) {
      if (running && current == null) {
        launch();
      }
    }
  }

  /** Cancels a run silent for too long: a session can die without closing, a host can hang. */
  private void checkStale() {
    CompletableFuture<Integer> stuck;
    synchronized (lock) {
      if (!running || current == null) {
        return;
      }
      boolean delivered = current.hasDelivered();
      Duration limit = delivered ? settings.staleAfter() : settings.startTimeout();
      if (Duration.ofNanos(System.nanoTime() - lastProgressNanos).compareTo(limit) < 0) {
        return;
      }
      current.markStale((delivered ? "no sample for " : "no first sample within ") + limit.toMillis() / 1000.0 + " s");
      stuck = currentFuture;
    }
    stuck.cancel(true);
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }
}
