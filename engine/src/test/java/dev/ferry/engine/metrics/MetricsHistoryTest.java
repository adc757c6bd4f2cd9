package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");
  private final MetricsSettings settings = MetricsSettings.defaults();

  @Test
  void keepsTenMinutesOfAHostAtOneSampleASecond() {
    MetricsHistory history = new MetricsHistory(settings);
    for (int s = 0; s < 3_600; s++) {
      history.hostSample(host("a", T0.plusSeconds(s)));
    }

    List<HostSample> kept = history.host("a");
    assertThat(kept).hasSize(601);
    assertThat(kept.get(0).time()).isEqualTo(T0.plusSeconds(3_599 - 600));
    assertThat(kept.get(600).time()).isEqualTo(T0.plusSeconds(3_599));
  }

  @Test
  void staysBoundedWhenSamplesComeFasterThanTheInterval() {
    MetricsHistory history = new MetricsHistory(settings);
    for (int ms = 0; ms < 100_000; ms++) {
      history.hostSample(host("a", T0.plusMillis(ms)));
    }

    assertThat(history.host("a")).hasSize(settings.historyCapacity());
  }

  @Test
  void aGoneContainersHistoryOutlivesItByOneWindowOnly() {
    MetricsHistory history = new MetricsHistory(settings);
    history.containerSample(container("a", "web", T0));
    history.hostSample(host("a", T0.plus(Duration.ofMinutes(5))));

    assertThat(history.container("a", "web")).hasSize(1);

    history.hostSample(host("a", T0.plus(Duration.ofMinutes(10)).plusSeconds(1)));

    assertThat(history.container("a", "web")).isEmpty();
    assertThat(history.containers("a")).isEmpty();
  }

  @Test
  void recordsNoMoreContainersPerHostThanTheLimit() {
    MetricsHistory history = new MetricsHistory(settings);
    for (int i = 0; i < settings.maxContainersPerHost() + 50; i++) {
      history.containerSample(container("a", "ct-" + i, T0));
    }
    history.containerSample(container("b", "other", T0));

    assertThat(history.containers("a")).hasSize(settings.maxContainersPerHost());
    assertThat(history.containers("b")).containsExactly("other");
  }

  @Test
  void forgettingAHostDropsItsContainersToo() {
    MetricsHistory history = new MetricsHistory(settings);
    history.hostSample(host("a", T0));
    history.containerSample(container("a", "web", T0));

    history.forget("a");

    assertThat(history.host("a")).isEmpty();
    assertThat(history.container("a", "web")).isEmpty();
  }

  @Test
  void snapshotsMayBeReadWhileSamplesArrive() throws Exception {
    MetricsHistory history = new MetricsHistory(settings);
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int s = 0; s < 200_000; s++) {
        history.hostSample(host("a", T0.plusMillis(s * 10L)));
        history.containerSample(container("a", "web", T0.plusMillis(s * 10L)));
      }
      writing.set(false);
    });
    List<String> problems = new ArrayList<>();
    while (writing.get()) {
      List<ContainerSample> snap = history.container("a", "web");
      for (int i = 1; i < snap.size(); i++) {
        if (snap.get(i).time().isBefore(snap.get(i - 1).time())) {
          problems.add("out of order at " + i);
        }
      }
      if (snap.size() > settings.historyCapacity()) {
        problems.add("over capacity: " + snap.size());
      }
    }
    writer.get(30, TimeUnit.SECONDS);

    assertThat(problems).isEmpty();
    assertThat(history.container("a", "web")).isNotEmpty();
  }

  static HostSample host(String host, Instant t) {
    return new HostSample(host, t, 2, 10, 0.1, 0.1, 0.1, 100, 50, Optional.empty(), 0, 0);
  }

  static ContainerSample container(String host, String id, Instant t) {
    return new ContainerSample(host, id, t, 5, 1_000, 1);
  }
}
