package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final MetricsSettings QUICK = MetricsSettings.defaults()
      .withInterval(Duration.ofMillis(100))
      .withRestartDelays(Duration.ofMillis(50), Duration.ofMillis(200))
      .withSilenceLimits(Duration.ofSeconds(30), Duration.ofSeconds(30));

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final FakeRemoteHost host = new FakeRemoteHost();
  private final RecordingListener events = new RecordingListener();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T16:00:00Z"), ZoneOffset.UTC);

  @AfterEach
  void shutDown() {
    scheduler.shutdownNow();
  }

  @Test
  void runsOneSamplerScriptAndTurnsItsTicksIntoSamples() throws Exception {
    MetricsStream stream = start(QUICK);
    FakeRemoteHost.Stream s = host.nextStream(WAIT);
    s.emit(SampleLines.header());
    s.emit(SampleLines.tick(1, "web"));
    s.emit(SampleLines.tick(2, "web"));

    events.await("container web", WAIT);
    HostSample h = events.hostSamples.get(0);
    assertThat(s.command()).isEqualTo(MetricsScript.command(QUICK));
    assertThat(h.host()).isEqualTo("fake-a");
    assertThat(h.cpuPercent()).isEqualTo(10.0);
    assertThat(h.netRxBytesPerSecond()).isEqualTo(1000.0);
    assertThat(h.time()).isEqualTo(clock.instant());
    assertThat(events.containerSamples.get(0).cpuPercent()).isEqualTo(50.0);
    assertThat(events.events).containsExactly("host fake-a", "container web");
    stream.stop();
  }

  @Test
  void aDroppedStreamIsReportedOnceRetriedWithBackoffAndResumed() throws Exception {
    MetricsStream stream = start(QUICK);
    FakeRemoteHost.Stream first = host.nextStream(WAIT);
    first.emit(SampleLines.tick(1));
    first.emit(SampleLines.tick(2));
    events.await("host", WAIT);

    host.refuse(true);
    first.drop();
    assertThat(events.await("stopped", WAIT)).contains("the connection dropped");
    Await.until("five connection attempts", WAIT, Duration.ofMillis(10), () -> host.attempts() >= 5);
    host.refuse(false);
    FakeRemoteHost.Stream second = host.nextStream(WAIT);
    second.emit(SampleLines.tick(7));
    second.emit(SampleLines.tick(8));

    events.await("host", WAIT);
    assertThat(events.count("stopped")).isEqualTo(1);
    assertThat(events.events).containsSubsequence("stopped the connection dropped", "resumed fake-a", "host fake-a");
    assertThat(events.count("resumed")).isEqualTo(1);
    stream.stop();
  }

  @Test
  void theHostsReconnectionRestartsTheStreamWithoutWaitingOutTheBackoff() throws Exception {
    MetricsStream stream = start(QUICK.withRestartDelays(Duration.ofMinutes(5), Duration.ofMinutes(5)));
    host.nextStream(WAIT).drop();
    events.await("stopped", WAIT);
    assertThat(host.noStreamWithin(Duration.ofMillis(300))).isTrue();

    host.fireReconnected();

    host.nextStream(Duration.ofSeconds(1));
    stream.stop();
  }

  @Test
  void aReconnectionWhileAStreamRunsStartsNoSecondOne() throws Exception {
    MetricsStream stream = start(QUICK);
    host.nextStream(WAIT);

    host.fireReconnected();

    assertThat(host.noStreamWithin(Duration.ofMillis(300))).isTrue();
    assertThat(host.attempts()).isEqualTo(1);
    stream.stop();
  }

  @Test
  void stopCancelsTheRemoteScriptAndNothingFollows() throws Exception {
    MetricsStream stream = start(QUICK);
    FakeRemoteHost.Stream s = host.nextStream(WAIT);
    s.emit(SampleLines.tick(1));

    stream.stop();
    s.emit(SampleLines.tick(2));
    host.fireReconnected();

    assertThat(s.future().isCancelled()).isTrue();
    assertThat(host.connectionListeners()).isZero();
    assertThat(host.noStreamWithin(Duration.ofMillis(300))).isTrue();
    assertThat(events.events).isEmpty();
    assertThat(stream.isRunning()).isFalse();
  }

  @Test
  void stopDuringTheBackoffCancelsThePendingRestart() throws Exception {
    MetricsStream stream = start(QUICK.withRestartDelays(Duration.ofMillis(200), Duration.ofMillis(200)));
    host.nextStream(WAIT).drop();
    events.await("stopped", WAIT);

    stream.stop();

    assertThat(host.noStreamWithin(Duration.ofMillis(600))).isTrue();
    assertThat(host.attempts()).isEqualTo(1);
  }

  @Test
  void aStreamThatFallsSilentIsCancelledAndStartedAgain() throws Exception {
    MetricsStream stream = start(QUICK.withSilenceLimits(Duration.ofMillis(300), Duration.ofSeconds(30)));
    FakeRemoteHost.Stream silent = host.nextStream(WAIT);
    silent.emit(SampleLines.tick(1));

    assertThat(events.await("stopped", WAIT)).isEqualTo("stopped no sample for 0.3 s");
    FakeRemoteHost.Stream next = host.nextStream(WAIT);
    assertThat(silent.future().isCancelled()).isTrue();
    assertThat(next).isNotSameAs(silent);
    stream.stop();
  }

  @Test
  void aStreamStillStartingGetsTheLongerStartTimeout() throws Exception {
    long t0 = System.nanoTime();
    MetricsStream stream = start(QUICK.withSilenceLimits(Duration.ofMillis(200), Duration.ofMillis(1500)));
    FakeRemoteHost.Stream starting = host.nextStream(WAIT);

    assertThat(events.await("stopped", WAIT)).isEqualTo("stopped no first sample within 1.5 s");
    // Not cut at the 0.2 s stale limit: the start limit (1.5 s) is what ended it.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(starting.future().isCancelled()).isTrue();
    stream.stop();
  }

  @Test
  void ticksFromAnAbandonedRunAreIgnored() throws Exception {
    MetricsStream stream = start(QUICK);
    FakeRemoteHost.Stream old = host.nextStream(WAIT);
    old.drop();

    FakeRemoteHost.Stream current = host.nextStream(WAIT);

    old.emit(SampleLines.tick(1));
    old.emit(SampleLines.tick(2));
    // emit hands the lines over on this thread: once the current run's sample is in, the old run's would be too.
    current.emit(SampleLines.tick(7));
    current.emit(SampleLines.tick(8));
    events.await("host", WAIT);

    assertThat(events.hostSamples).as("only the current run's sample").hasSize(1);
    stream.stop();
  }

  @Test
  void aHostThatThrowsInsteadOfFailingTheFutureIsRetriedToo() throws Exception {
    host.throwOnStream(true);
    MetricsStream stream = start(QUICK);

    assertThat(events.await("stopped", WAIT)).contains("was closed");
    host.throwOnStream(false);
    host.nextStream(WAIT);
    stream.stop();
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
    MetricsStream stream = new MetricsStream(host, QUICK, scheduler, clock, MetricsScript.command(QUICK));
    stream.addListener(new MetricsListener() {
      @Override
      public void hostSample(HostSample sample) {
        throw new IllegalStateException("a buggy chart");
      }
    });
    stream.addListener(events);
    stream.start();
    FakeRemoteHost.Stream s = host.nextStream(WAIT);
    s.emit(SampleLines.tick(1, "web"));
    s.emit(SampleLines.tick(2, "web"));

    events.await("container web", WAIT);
    assertThat(events.count("host")).isEqualTo(1);
    stream.stop();
  }

  @Test
  void aContainerThatLeavesTheHostIsReportedGone() throws Exception {
    MetricsStream stream = start(QUICK);
    FakeRemoteHost.Stream s = host.nextStream(WAIT);
    s.emit(SampleLines.tick(1, "web", "db"));
    s.emit(SampleLines.tick(2, "db"));

    assertThat(events.await("gone", WAIT)).isEqualTo("gone web");
    stream.stop();
  }

  private MetricsStream start(MetricsSettings settings) {
    MetricsStream stream = new MetricsStream(host, settings, scheduler, clock, MetricsScript.command(settings));
    stream.addListener(events);
    stream.start();
    return stream;
  }
}
