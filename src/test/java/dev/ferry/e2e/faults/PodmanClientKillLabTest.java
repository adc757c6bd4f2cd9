package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.PodmanLab;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Ferry client migrating a Podman container is killed with SIGKILL at the start of a phase, and nobody comes after it: the
 * source's watchdog alone, once the lease has lapsed, leaves the container running on exactly one host with its counter
 * going on (no restart, no lost tick), and nothing of the migration left on either host. Before the hand-over the
 * original is restored from its checkpoint on the source (after the destination's copy, if one runs, is removed); after
 * it, the destination's copy stays and the checkpointed original goes.
 */
@RequiresLab
class PodmanClientKillLabTest {
  private static final long TICK_MS = 20;
  // The lease lapses 15 s after the last renewal; then the watchdog acts (a Podman restore takes a second or two).
  private static final long WATCHDOG_LIMIT_MS = 90_000;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @ParameterizedTest(name = "client killed at {0}")
  @EnumSource(value = Phase.class, names = {"COPY_DUMP", "CONFIRM", "CLEANUP"})
  void theWatchdogAloneLeavesThePodmanContainerOnExactlyOneHost(Phase phase) throws Exception {
    killAndCheck(phase, false);
  }

  /** The watchdog killed too (its host rebooted, say): the next client's recovery, asking both hosts, does what it would have. */
  @ParameterizedTest(name = "client and watchdog killed at {0}")
  @EnumSource(value = Phase.class, names = {"CONFIRM", "CLEANUP"})
  void theNextClientsRecoveryDoesWhatTheWatchdogCouldNot(Phase phase) throws Exception {
    killAndCheck(phase, true);
  }

  private void killAndCheck(Phase phase, boolean watchdogToo) throws Exception {
    String ct = LabContainers.uniqueName("podkill");
    String ip = "10.87.100." + ThreadLocalRandom.current().nextInt(200, 250);
    SshHost a = session.a();
    SshHost b = session.b();
    Process child = null;
    try {
      PodmanLab.startCounter(session.lab(), a, ct, ip, TICK_MS, false);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dferry.repo=" + Lab.REPO, "-cp",
          System.getProperty("java.class.path"), MigrateChild.class.getName(), ct, a.name(), b.name(), "stop-and-copy", phase.name(), "15")
          .redirectErrorStream(true).start();
      Process p = child;
      String line = CompletableFuture.supplyAsync(() -> MigrateChild.awaitLine(p, "AT ")).get(180, TimeUnit.SECONDS);
      assertThat(line).as("the child reached " + phase).startsWith("AT " + phase + " ");
      String id = line.split(" ")[2].strip();
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the client is dead").isTrue();
      long killedAt = System.currentTimeMillis();
      String journal = "/var/lib/ferry/journal/" + id;
      String log;
      if (watchdogToo) {
        assertThat(a.exec(Command.script("pkill -KILL -e -f \"[w]atchdog $1 \"", journal)).stdout()).as("the watchdog killed").contains("killed");
        // No watchdog to come first: the next client's recovery leaves the migration alone until the lease lapses, then acts.
        log = String.join("\n", Await.until("recovery acting once the lease lapsed", Duration.ofSeconds(Recovery.LEASE_LAPSE_S + 20),
            Duration.ofSeconds(1), () -> Recovery.nextClient(session.lab()), said -> said.stream().noneMatch(l -> l.endsWith("-> left alone"))));
      } else {
        // The watchdog removes the source's journal once it has acted and reached the destination.
        Await.holds(Duration.ofMillis(WATCHDOG_LIMIT_MS), Duration.ofMillis(500), () -> !a.exec(Command.of("test", "-e", journal)).ok());
        log = a.exec(Command.script("cat \"$1\" 2>/dev/null; true", "/var/lib/ferry/log/migration-" + id + ".log")).stdout();
      }
      System.out.printf("podman client%s killed at %s: resolved %d s after the kill; %s:%n%s%n", watchdogToo ? " and watchdog" : "", phase,
          (System.currentTimeMillis() - killedAt) / 1000, watchdogToo ? "the recovery said" : "the watchdog's log", log.strip());
      assertThat(a.exec(Command.of("test", "-e", journal)).ok()).as("resolved on ferry-a:\n" + log).isFalse();

      boolean handedOver = phase == Phase.CLEANUP;
      SshHost on = handedOver ? b : a;
      SshHost off = handedOver ? a : b;
      assertThat(PodmanLab.state(on, ct)).as(ct + " on " + on.name() + "\n" + log).isEqualTo("running");
      assertThat(PodmanLab.state(off, ct)).as(ct + " must not be on " + off.name() + "\n" + log).isEqualTo("absent");
      for (SshHost h : List.of(a, b)) {
        assertThat(h.exec(Command.script("ls -d /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/journal/\"$2\" /var/lib/ferry/locks/\"$1\""
            + " 2>/dev/null; true", ct, id)).stdout()).as("nothing of the migration left on " + h.name()).isBlank();
      }
      long settled = System.currentTimeMillis();
      TickLog ticks = Await.until("the counter running on " + on.name(), Duration.ofSeconds(20), Duration.ofMillis(100),
          () -> TickLog.parse(PodmanLab.exec(on, ct, "cat", "/var/log/counter.log")), t -> t.ticksAfter(settled) >= 3);
      assertThat(ticks.starts()).as("the counter did not restart").isEqualTo(1);
      assertThat(ticks.contiguous()).as("no tick was lost").isTrue();
    } finally {
      if (child != null) {
        child.destroyForcibly();
      }
      PodmanLab.remove(session.lab(), ct, ip);
      for (SshHost h : List.of(a, b)) {
        h.exec(Command.script("rm -rf /var/lib/ferry/locks/\"$1\"; true", ct));
      }
    }
  }
}
