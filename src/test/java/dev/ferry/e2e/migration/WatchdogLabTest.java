package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.cli.InProcessCli;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client dies while the container is frozen: its lease is no longer renewed, and the source's
 * watchdog takes the decision "source", removes the destination's copy and resumes the paused original
 * within the lease timeout.
 */
@RequiresLab
class WatchdogLabTest {
  // The engine's lease timeout (Lease.TIMEOUT, package-private there).
  private static final int DEADLINE_S = 15;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void sigkillOfTheClientWhileFrozenEndsWithTheContainerRunningOnTheSourceOnly() throws Exception {
    String ct = LabContainers.uniqueName("watchdog");
    String log = LabContainers.logOf(ct, "memory.log");
    Process client = null;
    try {
      // 128 MiB keeps the container frozen for about a second: time to kill the client between the dump and the restore.
      session.lab().startContainer("ferry-a", ct, "memory", "--", "--mib", "128", "--log", "/var/log/memory.log");
      LabContainers.awaitLine(session.a(), log, "tick ");
      client = InProcessCli.process("migrate", ct, "--from", "ferry-a", "--to", "ferry-b", "--strategy", "stop-and-copy")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Migrations.awaitDumpDone(session.a(), ct);
      long killedAt = System.currentTimeMillis();
      client.destroyForcibly();
      assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();

      Await.until("the watchdog bringing " + ct + " back on ferry-a", Duration.ofSeconds(DEADLINE_S + 10), Duration.ofMillis(250),
          () -> watchdogDone(ct));
      long backAfter = System.currentTimeMillis() - killedAt;
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      assertThat(backAfter).as("back on the source after %d ms", backAfter).isLessThan((DEADLINE_S + 5) * 1000L);
      assertThat(session.b().exec(Command.script("ls /var/lib/ferry/journal/*/state.json 2>/dev/null | xargs -r grep -l -F -e \"$1\"; true", ct))
          .stdout()).as("no journal entry left on the destination").isBlank();
      assertThat(session.a().exec(Command.script("ls /var/lib/ferry/journal/*/state.json 2>/dev/null | xargs -r grep -l -F -e \"$1\"; true", ct))
          .stdout()).as("no journal entry left on the source").isBlank();
      String text = LabContainers.awaitLine(session.a(), log, "verify ");
      assertThat(text).contains("verify ok").doesNotContain("verify FAIL");
      assertThat(TickLog.parse(text).starts()).as("resumed, not restarted").isEqualTo(1);
      assertThat(session.a().exec(Command.of("test", "-e", "/var/lib/ferry/locks/" + ct)).exitCode()).as("lock released").isNotZero();
      assertThat(session.b().exec(Command.script("grep -c ferry-migration- \"$HOME/.ssh/authorized_keys\" 2>/dev/null || true")).stdout().strip())
          .as("the migration key was revoked on the destination").isIn("0", "");
      System.out.printf("watchdog: client killed while frozen; container running on ferry-a again %d ms later%n", backAfter);
    } finally {
      if (client != null) {
        client.destroyForcibly();
      }
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
      session.a().exec(Command.script("rm -rf /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/locks/\"$1\"", ct));
    }
  }

  /** The watchdog is done when the original runs again and the migration's work folder is gone. */
  private static boolean watchdogDone(String ct) {
    return session.a().exec(Command.script("runc state \"$1\" 2>/dev/null | grep -q '\"running\"' && ! ls -d /var/lib/ferry/work/\"$1\"-* >/dev/null 2>&1", ct)).ok();
  }
}
