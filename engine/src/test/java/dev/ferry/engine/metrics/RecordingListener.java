package dev.ferry.engine.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Writes down every metrics event as a short line, in order, and lets a test wait for one. */
final class RecordingListener implements MetricsListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<HostSample> hostSamples = new CopyOnWriteArrayList<>();
  final List<ContainerSample> containerSamples = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

  @Override
  public void hostSample(HostSample sample) {
    hostSamples.add(sample);
    record("host " + sample.host());
  }

  @Override
  public void containerSample(ContainerSample sample) {
    containerSamples.add(sample);
    record("container " + sample.containerId());
  }

  @Override
  public void containerGone(String host, String containerId) {
    record("gone " + containerId);
  }

  @Override
  public void streamStopped(String host, String reason) {
    record("stopped " + reason);
  }

  @Override
  public void streamResumed(String host) {
    record("resumed " + host);
  }

  private void record(String event) {
    events.add(event);
    queue.add(event);
  }

  /** Waits for the next event starting with {@code prefix}, skipping others; fails after {@code limit}. */
  String await(String prefix, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      String e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no '" + prefix + "' event within " + limit + "; events so far: " + events);
      }
      if (e.startsWith(prefix)) {
        return e;
      }
    }
  }

  long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }
}
