package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The whole chain on this machine's real /proc: script, stream, parser, rates, restart, stop. */
@EnabledOnOs(OS.LINUX)
class LocalMetricsStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final MetricsSettings FAST = MetricsSettings.defaults()
      .withInterval(Duration.ofMillis(200))
      .withRestartDelays(Duration.ofMillis(100), Duration.ofMillis(400));

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final LocalShellHost host = new LocalShellHost();
  private final RecordingListener events = new RecordingListener();

  @TempDir
  Path dir;

  @AfterEach
  void shutDown() {
    host.close();
    scheduler.shutdownNow();
  }

  @Test
  void samplesThisMachineSurvivesTheScriptBeingKilledAndStopsIt() throws Exception {
    MetricsStream stream = new MetricsStream(host, FAST, scheduler, Clock.systemUTC(),
        MetricsScript.command(FAST, dir.toString(), dir.resolve("runc").toString(), ""));
    stream.addListener(events);
    stream.start();

    events.await("host", WAIT);
    HostSample first = events.hostSamples.get(0);
    long memTotalKib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    assertThat(first.memoryTotalBytes()).isEqualTo(memTotalKib * 1024);
    assertThat(first.cpus()).isPositive();
    assertThat(first.cpuPercent()).isBetween(0.0, 100.0);
    assertThat(first.disk()).hasValueSatisfying(d -> assertThat(d.totalBytes()).isPositive());

    Process script = host.processes.get(0);
    script.destroyForcibly();
    events.await("stopped", WAIT);
    events.await("resumed", WAIT);
    events.await("host", WAIT);

    stream.stop();
    Process last = host.processes.get(host.processes.size() - 1);
    assertThat(last.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(host.processes).hasSize(2);
  }
}
