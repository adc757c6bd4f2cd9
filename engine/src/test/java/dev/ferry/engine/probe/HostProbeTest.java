package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.ssh.ExecResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostProbeTest {
  private static RecordedHost answering(String recording) {
    return new RecordedHost("ferry-b", new ExecResult(0, Recordings.text(recording), ""));
  }

  @Test
  void probesWithOneBoundedCommand() {
    RecordedHost host = answering(Recordings.CRIU_421);

    HostFacts facts = new HostProbe(host).probe();

    assertThat(facts.criu().version()).isEqualTo("4.2.1");
    assertThat(host.commands).hasSize(1);
    assertThat(host.timeouts).containsExactly(HostProbe.TIMEOUT);
    assertThat(host.commands.get(0).argv()).startsWith("sh", "-c", ProbeScript.TEXT, "ferry")
        .endsWith("mem_dirty_track", "uffd", "uffd-noncoop", "tcp_half_closed", "network_lock_nftables");
  }

  @Test
  void reportsNameTheHostAsTheUserKnowsIt() {
    HostReport report = new HostProbe(answering(Recordings.CRIU_3171)).report();

    assertThat(report.host()).isEqualTo("ferry-b");
    assertThat(report.usable()).isFalse();
    assertThat(report.errors()).extracting(Finding::code).containsExactly("CRIU_TOO_OLD");
    assertThat(report.errors().get(0).title()).contains("on ferry-b");
  }

  @Test
  void probeAsyncFinishesOnTheGivenExecutor() throws Exception {
    Thread[] ranOn = new Thread[1];
    Executor marking = r -> {
      Thread t = new Thread(r, "probe-test-executor");
      ranOn[0] = t;
      t.start();
    };

    HostReport report = new HostProbe(answering(Recordings.CRIU_421)).probeAsync(marking).get(10, TimeUnit.SECONDS);

    assertThat(report.usable()).isTrue();
    assertThat(report.has("NO_DIRTY_TRACKING")).isTrue();
    assertThat(ranOn[0]).isNotNull();
  }

  @Test
  void aShellThatFailsIsReportedWithItsMessage() {
    RecordedHost host = new RecordedHost("ferry-b", new ExecResult(127, "", "sh: 1: sh: not found"));

    assertThatThrownBy(() -> new HostProbe(host).probe())
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("ferry-b")
        .hasMessageContaining("exit 127")
        .hasMessageContaining("not found");
  }

  @Test
  void anAnswerThatIsNotAProbeNamesTheHost() {
    RecordedHost host = new RecordedHost("ferry-b", new ExecResult(0, "Welcome to ferry-b!\n", ""));

    assertThatThrownBy(() -> new HostProbe(host).probeAsync(Runnable::run).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ProbeException.class)
        .hasMessageContaining("Probing ferry-b failed")
        .hasMessageContaining("Welcome to ferry-b!");
  }
}
