package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.SshException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StreamRunTest {
  private final List<RateCalculator.Tick> ticks = new ArrayList<>();
  private final StreamRun run = new StreamRun("a", Clock.systemUTC(), (r, t) -> ticks.add(t));

  @Test
  void theScriptsLastErrorLineExplainsItsExit() {
    run.stderr("sleep: invalid time interval 'x'");

    assertThat(run.endReason(2, null)).isEqualTo("the sampler exited with code 2: sleep: invalid time interval 'x'");
  }

  @Test
  void aFailureIsToldByItsOwnMessageUnwrapped() {
    String reason = run.endReason(null, new CompletionException(new SshException("Cannot connect to a: refused.")));

    assertThat(reason).isEqualTo("Cannot connect to a: refused.");
  }

  @Test
  void silenceOverridesWhateverTheCancellationLooksLike() {
    run.markStale("no sample for 10.0 s");

    assertThat(run.endReason(-1, new java.util.concurrent.CancellationException())).isEqualTo("no sample for 10.0 s");
  }

  @Test
  void garbledOutputIsSkippedWithoutStoppingTheRun() {
    run.stdout("cpu what is this");
    run.stdout(".");
    SampleLines.tick(1).forEach(run::stdout);
    SampleLines.tick(2).forEach(run::stdout);

    assertThat(ticks).hasSize(2);
    assertThat(ticks.get(1).host()).isPresent();
    assertThat(run.hasDelivered()).isTrue();
  }
}
