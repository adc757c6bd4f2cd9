package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

  @Test
  void doublesFromTheInitialDelayUpToTheCeilingAndStartsOverAfterReset() {
    RestartBackoff b = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(2));

    assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
    b.reset();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aZeroInitialDelayStillGrows() {
    RestartBackoff b = new RestartBackoff(Duration.ZERO, Duration.ofMillis(4));

    assertThat(b.next()).isZero();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(1));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(2));
  }
}
