package dev.ferry.engine.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's threads, in one place: an elastic pool for blocking I/O (each remote command holds
 * one thread while it copies output) and a small scheduler for timers. All daemon threads, named
 * for thread dumps.
 */
public final class EngineThreads implements AutoCloseable {
  private final ExecutorService io;
  private final ScheduledExecutorService scheduler;

  public EngineThreads() {
    this.io = Executors.newCachedThreadPool(named("ferry-io"));
    this.scheduler = Executors.newScheduledThreadPool(2, named("ferry-timer"));
  }

  public ExecutorService io() {
    return io;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Daemon threads named PREFIX-N, for thread dumps; shared with the app's executor so both name threads alike. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    io.shutdownNow();
    try {
      io.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
