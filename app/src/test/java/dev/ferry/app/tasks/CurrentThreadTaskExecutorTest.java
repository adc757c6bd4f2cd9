package dev.ferry.app.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CurrentThreadTaskExecutorTest {
  private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();

  @Test
  void deliversTheResultToOnSuccessOnTheCallingThread() {
    List<String> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    executor.execute(BackgroundTask.of("answer", () -> "42").onSuccess(v -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      seen.add(v);
    }));
    assertThat(seen).containsExactly("42");
  }

  @Test
  void deliversAThrownErrorToOnFailureAndNotToOnSuccess() {
    List<Throwable> failures = new ArrayList<>();
    List<Object> successes = new ArrayList<>();
    executor.execute(BackgroundTask.of("boom", () -> {
      throw new IllegalStateException("host gone");
    }).onSuccess(successes::add).onFailure(failures::add));
    assertThat(successes).isEmpty();
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("host gone");
  }

  @Test
  void runsAPeriodicTaskOnEveryTickUntilCancelled() {
    AtomicInteger runs = new AtomicInteger();
    TaskExecutor.Cancellable handle = executor.schedulePeriodically(BackgroundTask.of("meter", runs::incrementAndGet), Duration.ofSeconds(1));
    executor.tick();
    executor.tick();
    handle.cancel();
    executor.tick();
    assertThat(runs.get()).isEqualTo(3);
  }
}
