package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cancelled or timed-out command stops on the host too: nothing keeps running behind Ferry's back. */
@RequiresLab
class CancellationLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void cancellingAnAsyncCommandKillsItOnTheHost() throws Exception {
    String tag = uniqueSleep();
    // A child of the remote shell, as in Ferry's own scripts: cancelling must reach it too.
    CompletableFuture<ExecResult> running = session.a().execAsync(Command.script("sleep \"$1\"; true", tag), Duration.ofSeconds(60));
    awaitProcesses(tag, 1);
    assertThat(running.cancel(true)).isTrue();
    awaitProcesses(tag, 0);
  }

  @Test
  void aCommandOverItsTimeLimitIsStoppedAndReportedWithinTheLimit() throws Exception {
    String tag = uniqueSleep();
    long start = System.nanoTime();
    assertThatThrownBy(() -> session.a().exec(Command.script("sleep \"$1\"; true", tag), Duration.ofSeconds(1)))
        .isInstanceOf(SshException.Timeout.class).hasMessageContaining("did not finish within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    awaitProcesses(tag, 0);
  }

  /** A sleep of 37.x seconds whose fraction makes its command line unique on the host. */
  private static String uniqueSleep() {
    return "37." + (100000 + new java.util.Random().nextInt(900000));
  }

  /** Waits (at most 5 s) until exactly {@code count} processes on ferry-a carry the tag. */
  private static void awaitProcesses(String tag, int count) throws InterruptedException {
    Await.until(count + " process(es) tagged " + tag + " on ferry-a", Duration.ofSeconds(5), Duration.ofMillis(100),
        () -> Integer.parseInt(count(tag)), seen -> seen == count);
  }

  private static String count(String tag) {
    // Counted through a separate session, so the check does not depend on the connection under test.
    return session.lab().exec("ferry-a", "sh", "-c", "pgrep -f -c -- '^sleep " + tag + "$' || true").stdout().strip();
  }
}
