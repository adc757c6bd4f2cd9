package dev.ferry.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  private static final Duration EVERY = Duration.ofMillis(1);

  @Test
  void returnsTheFirstValueTheConditionAccepts() throws Exception {
    AtomicInteger n = new AtomicInteger();
    assertThat(Await.until("three", Duration.ofSeconds(5), EVERY, n::incrementAndGet, v -> v >= 3)).isEqualTo(3);
    assertThat(n).hasValue(3);
  }

  @Test
  void failsAtTheDeadlineNamingWhatItWaitedForAndWhatItSawLast() {
    assertThatThrownBy(() -> Await.until("the answer", Duration.ofMillis(20), EVERY, () -> 41, v -> v == 42))
        .isInstanceOf(AssertionError.class).hasMessage("the answer: not within PT0.02S; last seen: 41");
    assertThatThrownBy(() -> Await.until("a condition", Duration.ofMillis(20), EVERY, () -> false))
        .isInstanceOf(AssertionError.class).hasMessage("a condition: not within PT0.02S");
  }

  @Test
  void aLongLastValueIsCutToItsEnd() {
    String log = "x".repeat(5000) + "the end";
    assertThatThrownBy(() -> Await.until("a line", Duration.ofMillis(5), EVERY, () -> log, v -> false))
        .hasMessageEndingWith("the end").message().hasSizeLessThan(2100);
  }

  @Test
  void whatTheProbeThrowsReachesTheTest() {
    assertThatThrownBy(() -> Await.until("a file", Duration.ofSeconds(5), EVERY, () -> {
      throw new IOException("gone");
    }, v -> true)).isInstanceOf(IOException.class).hasMessage("gone");
  }

  @Test
  void aCallerThatReportsAMissItselfGetsTheLastValueOrFalse() throws Exception {
    assertThat(Await.lastSeen(Duration.ofMillis(20), EVERY, () -> 41, v -> v == 42)).isEqualTo(41);
    assertThat(Await.holds(Duration.ofMillis(20), EVERY, () -> false)).isFalse();
    assertThat(Await.holds(Duration.ofSeconds(5), EVERY, () -> true)).isTrue();
  }
}
