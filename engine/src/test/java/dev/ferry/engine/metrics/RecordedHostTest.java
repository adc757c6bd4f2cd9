package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.testing.Await;
import dev.ferry.engine.ssh.LineListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordedHostTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** 100 ms between ticks instead of 1 s: the test stays short, the order and spacing stay as recorded. */
  private static final double SPEED = 10;

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @AfterEach
  void shutDown() {
    scheduler.shutdownNow();
  }

  @Test
  void aMetricsStreamOverTheReplayGetsTheSamplesOfTheRecordingParsedDirectly() throws Exception {
    MetricsRecording recording = MetricsReplayTest.labRecording();
    RecordedHost host = new RecordedHost("rec-1", MetricsReplay.of(recording), scheduler, SPEED, Duration.ZERO);
    RecordingListener events = new RecordingListener();
    MetricsStream stream = new MetricsStream(host, MetricsSettings.defaults(), scheduler);
    stream.addListener(events);
    stream.start();
    for (int i = 0; i < 3; i++) {
      events.await("host rec-1", WAIT);
    }
    stream.stop();

    List<String> direct = new ArrayList<>();
    SampleBlockParser parser = new SampleBlockParser();
    RateCalculator rates = new RateCalculator("rec-1");
    for (MetricsRecording.TimedLine l : recording.lines()) {
      parser.accept(l.text()).ifPresent(b -> {
        RateCalculator.Tick t = rates.next(b, Instant.EPOCH, parser.cpus());
        t.host().ifPresent(h -> direct.add(describe(h)));
        t.containers().forEach(c -> direct.add(describe(c)));
      });
    }
    List<String> replayed = new ArrayList<>();
    events.hostSamples.subList(0, 3).forEach(h -> replayed.add(describe(h)));
    List<String> containers = events.containerSamples.subList(0, 6).stream().map(RecordedHostTest::describe).toList();
    assertThat(direct).hasSize(9);
    assertThat(replayed).containsExactlyElementsOf(direct.stream().filter(s -> s.startsWith("host")).toList());
    assertThat(containers).containsExactlyElementsOf(direct.stream().filter(s -> s.startsWith("container")).toList());
  }

  @Test
  void playsTicksAtTheRecordedPaceAndKeepsGoingPastTheEnd() throws Exception {
    RecordedHost host = new RecordedHost("rec-2", MetricsReplay.of(MetricsReplayTest.labRecording()), scheduler, SPEED,
        Duration.ofMillis(50));
    List<Long> dots = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    CompletableFuture<Integer> run = host.stream(MetricsScript.command(MetricsSettings.defaults()), new LineListener() {
      @Override
      public void stdout(String line) {
        if (line.equals(".")) {
          dots.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
      }
    });
    Await.until("six ticks played", WAIT, Duration.ofMillis(20), () -> dots.size() >= 6);
    run.cancel(true);

    assertThat(dots).hasSizeGreaterThanOrEqualTo(6);
    // Tick k is due 50 ms + k x 100 ms after the start; the scheduler is late by a little, never early.
    for (int k = 0; k < 6; k++) {
      assertThat(dots.get(k)).isBetween(50L + 100L * k, 50L + 100L * k + 80);
    }
    int seen = dots.size();
    // Three tick periods on the same scheduler after the cancel: a tick still due would have come before this.
    scheduler.schedule(() -> { }, 300, TimeUnit.MILLISECONDS).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(dots).as("nothing after the cancel").hasSize(seen);
  }

  @Test
  void isNotAHostAndSaysSoForAnyOtherCommand() {
    RecordedHost host = new RecordedHost("rec-3", MetricsReplay.of(MetricsReplayTest.labRecording()), scheduler, 1, Duration.ZERO);

    assertThatThrownBy(() -> host.exec(Command.of("runc", "list"))).isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("rec-3 is a recorded metrics stream, not a host: it cannot run 'runc list'");
    assertThatThrownBy(() -> host.execAsync(Command.of("uname", "-a"), WAIT)).isInstanceOf(UnsupportedOperationException.class);
    CompletableFuture<Integer> other = host.stream(Command.of("journalctl", "-f"), line -> { });
    assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class).hasMessageContaining("not a host");
  }

  private static String describe(HostSample h) {
    return "host " + h.cpus() + " " + h.cpuPercent() + " " + h.load1() + " " + h.memoryTotalBytes() + " " + h.memoryAvailableBytes()
        + " " + h.disk() + " " + h.netRxBytesPerSecond() + " " + h.netTxBytesPerSecond();
  }

  private static String describe(ContainerSample c) {
    return "container " + c.containerId() + " " + c.cpuPercent() + " " + c.memoryBytes() + " " + c.pids();
  }
}
