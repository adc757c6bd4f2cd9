package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.lab.SshdConnections;
import dev.ferry.e2e.lab.SshdConnections.Connection;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many concurrent commands on one host share one SSH session, so one TCP connection: counted on the
 * host itself, as sshd's sockets, and only those that lead back to this JVM (others may use the session.lab()).
 */
@RequiresLab
class OneConnectionPerHostLabTest {
  private static final Logger LOG = LoggerFactory.getLogger(OneConnectionPerHostLabTest.class);
  private static final int COMMANDS = 16;
  private static final Duration SLEEP = Duration.ofSeconds(2);
  private static final long ME = ProcessHandle.current().pid();

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void sixteenConcurrentCommandsRunOnOneTcpConnectionCountedOnTheHost() throws Exception {
    Lab.Host a = session.lab().host("ferry-a");
    List<Connection> before = SshdConnections.from(session.lab(), a, ME);
    try (SshHost host = session.lab().connect(a.name(), session.threads())) {
      Connection mine = onlyNewConnection(a, before);
      long started = System.nanoTime();
      List<CompletableFuture<ExecResult>> runs = IntStream.range(0, COMMANDS)
          .mapToObj(i -> host.execAsync(Command.of("sh", "-c", "sleep " + SLEEP.toSeconds()), Duration.ofSeconds(30)))
          .toList();

      long sleeping = awaitSleepsUnder(mine.sshdPid(), started);
      List<Connection> during = SshdConnections.from(session.lab(), a, ME);
      long stillRunning = runs.stream().filter(r -> !r.isDone()).count();
      LOG.info("ferry-a: {} sshd connection(s) from this JVM before, {} while {} commands ran ({} sleeps under sshd {},"
          + " {} still running after the count)", before.size(), during.size(), COMMANDS, sleeping, mine.sshdPid(), stillRunning);

      assertThat(during).as("sshd connections from this JVM while %d commands run", COMMANDS).containsExactlyInAnyOrder(
          concat(before, mine));
      assertThat(stillRunning).as("commands still running when the connections were counted").isEqualTo(COMMANDS);
      for (CompletableFuture<ExecResult> r : runs) {
        assertThat(r.get(30, TimeUnit.SECONDS).exitCode()).isZero();
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("{} x 'sleep {}' finished in {} ms", COMMANDS, SLEEP.toSeconds(), wall.toMillis());
      // One after another they would take 32 s: they ran side by side.
      assertThat(wall).isLessThan(SLEEP.multipliedBy(3));
    }
    awaitConnections(a, before.size());
  }

  private static Connection[] concat(List<Connection> before, Connection mine) {
    List<Connection> all = new java.util.ArrayList<>(before);
    all.add(mine);
    return all.toArray(Connection[]::new);
  }

  /** The one connection this JVM opened since {@code before}, failing if there are more or none. */
  private static Connection onlyNewConnection(Lab.Host host, List<Connection> before) {
    List<Connection> fresh = SshdConnections.from(session.lab(), host, ME).stream().filter(c -> !before.contains(c)).toList();
    assertThat(fresh).as("new sshd connections from this JVM").hasSize(1);
    return fresh.get(0);
  }

  /** Polls the host's process tree until all sleeps run at once under that sshd; fails if the sleeps end first. */
  private static long awaitSleepsUnder(long sshdPid, long startedNanos) throws InterruptedException {
    return Await.until(COMMANDS + " commands running at once under the one sshd session", SLEEP.minusNanos(System.nanoTime() - startedNanos),
        Duration.ofMillis(50), () -> ProcessHandle.of(sshdPid).map(h -> h.descendants()
            .filter(p -> p.info().command().filter(c -> c.endsWith("/sleep")).isPresent()).count()).orElse(0L), seen -> seen == COMMANDS);
  }

  /** Waits (at most 5 s) until this JVM has {@code expected} sshd connections to the host. */
  private static void awaitConnections(Lab.Host host, int expected) throws InterruptedException {
    Await.until(expected + " sshd connection(s) from this JVM after close", Duration.ofSeconds(5), Duration.ofMillis(100),
        () -> SshdConnections.from(session.lab(), host, ME), now -> now.size() == expected);
  }
}
