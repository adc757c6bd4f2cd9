package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in host for benchmarks that has nothing but a recorded metrics stream: {@link #stream}
 * plays a {@link MetricsReplay} at its recorded pace (or faster, for tests), endlessly, to whoever
 * asks for the sampler, so a real {@link MetricsStream} parses it as it would a live host's. It is
 * not a host: every other command fails at once and says so, rather than pretending to run.
 */
public final class RecordedHost implements RemoteHost {
  private final String name;
  private final MetricsReplay replay;
  private final ScheduledExecutorService scheduler;
  private final double speed;
  private final Duration phase;

  /**
   * @param name the name the stream reports (any; the recording's own host name is not used)
   * @param speed 1 for the recorded pace; 10 plays ten times faster
   * @param phase delay before the first tick, so several replays of one recording do not tick together
   */
  public RecordedHost(String name, MetricsReplay replay, ScheduledExecutorService scheduler, double speed, Duration phase) {
    if (!(speed > 0) || phase.isNegative()) {
      throw new IllegalArgumentException("speed must be positive and phase not negative: " + speed + ", " + phase);
    }
    this.name = name;
    this.replay = replay;
    this.scheduler = scheduler;
    this.speed = speed;
    this.phase = phase;
  }

  @Override
  public String name() {
    return name;
  }

  /** Plays the replay to {@code listener} until the future is cancelled; only the sampler script is accepted. */
  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    if (command.argv().size() < 3 || !command.argv().get(2).equals(MetricsScript.TEXT)) {
      return CompletableFuture.failedFuture(notAHost(command));
    }
    Playback p = new Playback(listener);
    replay.header().forEach(listener::stdout);
    p.schedule(0, 0, phase.toNanos());
    return p.done;
  }

  /** One listener's playback: each tick schedules the next, at its due time from the start. */
  private final class Playback {
    private final LineListener listener;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile ScheduledFuture<?> next;

    Playback(LineListener listener) {
      this.listener = listener;
      done.whenComplete((c, e) -> {
        ScheduledFuture<?> f = next;
        if (f != null) {
          f.cancel(false);
        }
      });
    }

    void schedule(int index, int pass, long phaseNanos) {
      if (done.isDone()) {
        return;
      }
      long due = startNanos + phaseNanos + (long) (replay.dueMillis(index, pass) * 1_000_000L / speed);
      next = scheduler.schedule(() -> play(index, pass, phaseNanos), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void play(int index, int pass, long phaseNanos) {
      if (done.isDone()) {
        return;
      }
      try {
        replay.lines(index, pass).forEach(listener::stdout);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
      boolean wraps = index + 1 == replay.ticks();
      schedule(wraps ? 0 : index + 1, wraps ? pass + 1 : pass, phaseNanos);
    }
  }

  private UnsupportedOperationException notAHost(Command command) {
    return new UnsupportedOperationException(name + " is a recorded metrics stream, not a host: it cannot run '"
        + command.label() + "'");
  }

  @Override
  public ExecResult exec(Command command) {
    throw notAHost(command);
  }

  @Override
  public ExecResult exec(Command command, Duration timeout) {
    throw notAHost(command);
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    throw notAHost(command);
  }

  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    throw notAHost(command);
  }

  /** A recording never disconnects, so there is nothing to tell a connection listener. */
  @Override
  public void addListener(HostConnectionListener listener) {}

  @Override
  public void removeListener(HostConnectionListener listener) {}

  @Override
  public void close() {}
}
