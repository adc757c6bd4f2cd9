package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host whose sshd goes away and comes back: the engine notices the dropped session, says so, and
 * reconnects on its own, so commands work again soon after. The sshd is down only as long as it
 * takes to hear the drop (others share the session.lab()), and is always started again.
 */
@RequiresLab
class ReconnectionLabTest {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectionLabTest.class);
  private static final String HOST = "ferry-b";
  // Keepalives (5 s x 3) are the slow path; a killed sshd closes the socket, which is seen at once.
  private static final Duration DROP_NOTICED_WITHIN = Duration.ofSeconds(15);
  private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

  @RegisterExtension
  static final LabSession session = new LabSession();

  /** Every event in order, with latches for the two that matter. */
  private static final class Events implements HostConnectionListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final CountDownLatch disconnected = new CountDownLatch(1);
    final CountDownLatch reconnected = new CountDownLatch(1);

    @Override
    public void connected(String host) {
      seen.add("connected");
    }

    @Override
    public void disconnected(String host, String reason) {
      seen.add("disconnected");
      disconnected.countDown();
    }

    @Override
    public void reconnecting(String host, int attempt, Duration delay) {
      seen.add("reconnecting");
    }

    @Override
    public void reconnected(String host) {
      seen.add("reconnected");
      reconnected.countDown();
    }
  }

  @Test
  void hearsTheDropAndTheReconnectWhenSshdRestartsAndRunsCommandsAgainWithinTenSeconds() throws Exception {
    Events events = new Events();
    try (SshHost host = session.lab().connect(HOST, session.threads())) {
      host.addListener(events);
      assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo(HOST);

      long stopped;
      boolean dropHeard;
      try {
        Lab.sh("sshd-stop", "--name", session.lab().name(), HOST).orFail("sshd-stop " + HOST);
        stopped = System.nanoTime();
        dropHeard = events.disconnected.await(DROP_NOTICED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        Lab.sh("sshd-start", "--name", session.lab().name(), HOST).orFail("sshd-start " + HOST);
      }
      long started = System.nanoTime();
      LOG.info("{}: sshd down for {} ms; drop heard: {}", HOST, (started - stopped) / 1_000_000, dropHeard);
      assertThat(dropHeard).as("disconnected heard within %s", DROP_NOTICED_WITHIN).isTrue();

      boolean back = events.reconnected.await(BACK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      long reconnectedAfter = (System.nanoTime() - started) / 1_000_000;
      String hostname = execUntilItWorks(host, started);
      long commandAfter = (System.nanoTime() - started) / 1_000_000;
      LOG.info("{}: reconnected {} ms after sshd-start, first command back {} ms after; events {}",
          HOST, reconnectedAfter, commandAfter, events.seen);

      assertThat(back).as("reconnected heard within %s of sshd-start", BACK_WITHIN).isTrue();
      assertThat(hostname).isEqualTo(HOST);
      assertThat(Duration.ofMillis(commandAfter)).isLessThan(BACK_WITHIN);
      assertThat(events.seen).startsWith("disconnected", "reconnecting").endsWith("reconnected")
          .containsOnlyOnce("disconnected", "reconnected").doesNotContain("connected");
      assertThat(host.isConnected()).isTrue();
    }
  }

  /** Runs hostname until it succeeds or the time is up; a failure while the session is still down is expected. */
  private static String execUntilItWorks(SshHost host, long sinceNanos) throws InterruptedException {
    Object seen = Await.until("a command working on " + HOST + " after sshd-start", BACK_WITHIN.minusNanos(System.nanoTime() - sinceNanos),
        Duration.ofMillis(100), () -> {
          try {
            return host.exec(Command.of("hostname")).stdout().strip();
          } catch (SshException e) {
            return e;
          }
        }, r -> r instanceof String);
    return (String) seen;
  }
}
