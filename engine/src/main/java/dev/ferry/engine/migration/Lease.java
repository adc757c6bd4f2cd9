package dev.ferry.engine.migration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's sign of life to the source's watchdog: while a migration runs, whatever phase it is in,
 * the client renews it every {@link #RENEW_EVERY} on the engine's scheduler (the renewal itself runs
 * on the I/O pool, one at a time, so a stuck connection never piles renewals up). The watchdog acts
 * once it has not been renewed for {@link #TIMEOUT}. A 30-minute copy keeps it alive; a dead client
 * is noticed within seconds.
 */
final class Lease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
  static final Duration RENEW_EVERY = Duration.ofSeconds(2);
  /**
   * Seven renewals in a row may fail before the watchdog acts: one SSH command normally takes a few
   * milliseconds, and a renewal sharing a saturated link with a copy was never seen to take more than
   * a second or two. Shorter would let a busy link cost a migration; longer keeps a container frozen
   * that long when its client really died.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final List<Runnable> renewals;
  private final ExecutorService io;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile boolean stopped;
  private ScheduledFuture<?> task;

  Lease(List<Runnable> renewals, ScheduledExecutorService scheduler, ExecutorService io) {
    this.renewals = renewals;
    this.io = io;
    this.task = scheduler.scheduleWithFixedDelay(this::tick, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    if (stopped || !inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      io.execute(() -> {
        try {
          if (!stopped) {
            renewals.forEach(Runnable::run);
          }
        } catch (RuntimeException e) {
          LOG.warn("could not renew the migration's lease: {}", e.getMessage());
        } finally {
          inFlight.set(false);
        }
      });
    } catch (RuntimeException e) {
      inFlight.set(false);
    }
  }

  /** Stops renewing: from now on the watchdog acts after {@link #TIMEOUT}. */
  @Override
  public void close() {
    stopped = true;
    if (task != null) {
      task.cancel(false);
    }
  }
}
