package dev.ferry.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The process's resident memory as the kernel counts it (/proc/self/status VmRSS), sampled every
 * {@link #PERIOD_MS} ms on a thread of its own; plus VmHWM, the kernel's own peak since the start.
 */
final class RssSampler implements AutoCloseable {
  static final long PERIOD_MS = 200;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-rss");
    t.setDaemon(true);
    return t;
  });
  private volatile long maxKb;
  private volatile long lastKb;
  private volatile long sum;
  private volatile int samples;

  void start() {
    timer.scheduleAtFixedRate(() -> {
      long kb = status("VmRSS:");
      lastKb = kb;
      maxKb = Math.max(maxKb, kb);
      sum += kb;
      samples++;
    }, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  long maxKb() {
    return maxKb;
  }

  long lastKb() {
    return lastKb;
  }

  long meanKb() {
    return samples == 0 ? 0 : sum / samples;
  }

  int samples() {
    return samples;
  }

  /** A field of /proc/self/status in kB, e.g. "VmRSS:" or "VmHWM:". */
  static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
