package dev.ferry.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.metrics.MetricsListener;
import dev.ferry.engine.metrics.MetricsSettings;
import dev.ferry.engine.metrics.MetricsStream;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live metrics from a real lab host over SSH: a container's memory shows up as its workload
 * allocates, and the stream comes back by itself after the host's sshd was killed and restarted.
 */
@RequiresLab
class MetricsLabTest {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsLabTest.class);
  private static final String HOST = "ferry-a";
  private static final long MIB = 1024 * 1024;
  /** The brief's limits: memory seen within 3 s of the allocation, samples back within 10 s of sshd. */
  private static final Duration MEMORY_SEEN_WITHIN = Duration.ofSeconds(3);
  private static final Duration RESUMED_WITHIN = Duration.ofSeconds(10);

  private Lab lab;
  private EngineThreads threads;
  private SshHost host;
  private MetricsStream stream;
  private final Events events = new Events();

  @BeforeEach
  void connectAndStream() throws InterruptedException {
    lab = Lab.ensureUp();
    threads = new EngineThreads();
    host = lab.connect(HOST, threads);
    stream = new MetricsStream(host, MetricsSettings.defaults(), threads.scheduler());
    stream.addListener(events);
    stream.start();
    events.await("first host sample", e -> e instanceof HostSample, Duration.ofSeconds(10));
  }

  @AfterEach
  void disconnect() {
    if (stream != null) {
      stream.stop();
    }
    if (host != null) {
      host.close();
    }
    if (threads != null) {
      threads.close();
    }
  }

  @Test
  void memoryOfAContainerAllocating128MiBIsSeenWithinThreeSeconds() throws Exception {
    String name = LabContainers.uniqueName("metrics-mem");
    try {
      // lab.sh puts the arguments after "--" in place of the workload's default ones (the program stays).
      lab.startContainer(HOST, name, "memory", "--", "--mib", "128", "--log", "/var/log/memory.log");
      Instant allocated = allocationDone(name);

      ContainerSample seen = (ContainerSample) events.await(name + " at 128 MiB",
          e -> e instanceof ContainerSample c && c.containerId().equals(name) && c.memoryBytes() >= 128 * MIB,
          Duration.ofSeconds(15));

      Duration lag = Duration.between(allocated, seen.time());
      LOG.info("{}: 128 MiB allocated at {}, seen at {} ({} ms later): {} MiB, {}% CPU, {} pids", name, allocated,
          seen.time(), lag.toMillis(), seen.memoryBytes() / MIB, seen.cpuPercent(), seen.pids());
      assertThat(lag).isLessThanOrEqualTo(MEMORY_SEEN_WITHIN);
      assertThat(seen.host()).isEqualTo(HOST);
    } finally {
      removeContainer(name);
    }
  }

  @Test
  void samplesResumeWithinTenSecondsOfSshdComingBackWithoutANewClient() throws Exception {
    try {
      Lab.sh("sshd-stop", HOST).orFail("lab sshd-stop " + HOST);
      String stopped = (String) events.await("streamStopped", e -> e instanceof String s && s.startsWith("stopped"),
          Duration.ofSeconds(20));
      LOG.info("{}: {}", HOST, stopped);
      // A deliberate interval, not a wait: let a few restart attempts fail against the dead sshd, as they would in real life.
      Thread.sleep(3_000);
      // Timed from the call: sshd listens somewhere inside it, so the lag measured is an upper bound.
      Instant back = Instant.now();
      Lab.sh("sshd-start", HOST).orFail("lab sshd-start " + HOST);

      events.await("streamResumed", e -> e.equals("resumed " + HOST), RESUMED_WITHIN);
      HostSample sample = (HostSample) events.await("a host sample", e -> e instanceof HostSample, RESUMED_WITHIN);

      Duration lag = Duration.between(back, sample.time());
      LOG.info("{}: sshd-start called at {}, first sample at {} ({} ms later)", HOST, back, sample.time(), lag.toMillis());
      assertThat(lag).isLessThanOrEqualTo(RESUMED_WITHIN);
      assertThat(stream.isRunning()).isTrue();
    } finally {
      // Leave the lab as found even if the test failed half-way: sshd-start on a running sshd is harmless.
      Lab.sh("sshd-start", HOST);
    }
  }

  /** When the workload finished filling its memory: the realtime stamp of its log's start line. */
  private Instant allocationDone(String name) throws InterruptedException {
    String log = LabContainers.logOf(name, "memory.log");
    String start = Await.until("ferry-memory in " + name + " logging its start line in " + log, Duration.ofSeconds(15), Duration.ofMillis(50),
        () -> LabContainers.readFile(host, log).lines().filter(l -> l.startsWith("start ") && l.split(" ").length > 2).findFirst().orElse(""),
        line -> !line.isEmpty());
    return Instant.ofEpochMilli(Long.parseLong(start.split(" ")[2]));
  }

  private void removeContainer(String name) {
    // A connection of its own: the test's may be the thing that failed.
    try (SshHost cleanup = lab.connect(HOST, threads)) {
      LabContainers.remove(cleanup, name);
    }
  }

  /** Every metrics event in arrival order: samples as themselves, the rest as short strings. */
  private static final class Events implements MetricsListener {
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @Override
    public void hostSample(HostSample sample) {
      add(sample);
    }

    @Override
    public void containerSample(ContainerSample sample) {
      add(sample);
    }

    @Override
    public void streamStopped(String hostName, String reason) {
      add("stopped " + hostName + ": " + reason);
    }

    @Override
    public void streamResumed(String hostName) {
      add("resumed " + hostName);
    }

    private void add(Object event) {
      seen.add(event);
      queue.add(event);
    }

    Object await(String what, Predicate<Object> wanted, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (true) {
        Object e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no " + what + " within " + limit + "; last events: "
              + seen.subList(Math.max(0, seen.size() - 8), seen.size()));
        }
        if (wanted.test(e)) {
          return e;
        }
      }
    }
  }
}
