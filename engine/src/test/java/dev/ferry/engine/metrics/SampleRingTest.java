package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampleRingTest {
  private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

  private record Point(Instant time, int n) {}

  @Test
  void holdsNoMoreThanItsCapacityKeepingTheNewest() {
    SampleRing<Point> ring = new SampleRing<>(3, Duration.ofHours(1), Point::time);
    IntStream.range(0, 10).forEach(i -> ring.add(new Point(T0.plusSeconds(i), i)));

    assertThat(ring.snapshot()).extracting(Point::n).containsExactly(7, 8, 9);
    assertThat(ring.size()).isEqualTo(3);
  }

  @Test
  void forgetsSamplesOlderThanTheWindowBeforeTheNewest() {
    SampleRing<Point> ring = new SampleRing<>(100, Duration.ofSeconds(10), Point::time);
    IntStream.range(0, 30).forEach(i -> ring.add(new Point(T0.plusSeconds(i), i)));

    assertThat(ring.snapshot()).extracting(Point::n).containsExactlyElementsOf(IntStream.rangeClosed(19, 29).boxed().toList());
  }

  @Test
  void evictingEverythingReportsTheRingEmpty() {
    SampleRing<Point> ring = new SampleRing<>(5, Duration.ofSeconds(10), Point::time);
    ring.add(new Point(T0, 1));

    assertThat(ring.evictBefore(T0)).isTrue();
    assertThat(ring.evictBefore(T0.plusMillis(1))).isFalse();
    assertThat(ring.snapshot()).isEmpty();
  }

  @Test
  void aSnapshotIsACopyThatLaterSamplesDoNotChange() {
    SampleRing<Point> ring = new SampleRing<>(2, Duration.ofHours(1), Point::time);
    ring.add(new Point(T0, 1));
    List<Point> before = ring.snapshot();

    ring.add(new Point(T0.plusSeconds(1), 2));
    ring.add(new Point(T0.plusSeconds(2), 3));

    assertThat(before).extracting(Point::n).containsExactly(1);
  }
}
