package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.cli.InProcessCli;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationRecovery;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hand-over never loses a container: the paused original is resumed, not restored, when the
 * destination fails; a full disk on the destination leaves its authorized_keys as it was; a plain
 * runc container with a listening socket is migrated or kept; a killed client's migration is found
 * and resolved by recovery.
 */
@RequiresLab
class HandOverLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  private static final Pattern RESUMED = Pattern.compile("runs again on ferry-a, (\\d+) ms after the resume began");

  @Test
  void aFailedStopAndCopyRestoreResumesThePausedOriginalWithinMillisecondsAndLeavesNothingOnTheDestination() throws Exception {
    String ct = LabContainers.uniqueName("ho-resume");
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      LabContainers.awaitTicks(session.a(), ct, 0, 5);
      MigrationListener breakImages = new MigrationListener() {
        @Override
        public void phaseFinished(String id, Phase phase, Duration took, long bytes) {
          if (phase == Phase.COPY_DUMP) {
            session.b().exec(Command.of("rm", "-f", "/var/lib/ferry/work/" + ct + "-" + id + "/img/core-1.img"));
          }
        }
      };
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY), session.threads(), breakImages);

      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
      assertThat(r.placement().runningOn()).containsExactly("ferry-a");
      assertThat(r.placement().stateByHost()).containsEntry("ferry-b", "absent");
      long resumeMs = r.notes().stream().map(RESUMED::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1)))
          .findFirst().orElseThrow(() -> new AssertionError("no resume note in " + r.notes()));
      assertThat(resumeMs).as("a resume, not a restore from images").isLessThan(1000);
      LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 3);
      Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      Migrations.assertCounterContinuous(session.a(), ct, r.totalMillis());
      TickLog log = TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log")));
      System.out.printf("roll-back by resume: %d ms (engine), largest tick gap %d ms, migration total %d ms%n", resumeMs,
          log.maxGapMillis(), r.totalMillis());
      assertNothingOfTheMigrationOn(session.b(), ct);
    } finally {
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }

  @Test
  void aFullDestinationHomeLeavesItsAuthorizedKeysByteForByteAsTheyWere() throws Exception {
    String ct = LabContainers.uniqueName("ho-fullkeys");
    String before = keysDigest();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      // A 64 KiB tmpfs over /root/.ssh, holding a copy of its files, then filled up: every write there fails with ENOSPC.
      onB("""
          set -e
          mkdir -p /tmp/ferry-ssh-save && cp -a /root/.ssh/. /tmp/ferry-ssh-save/
          mount -t tmpfs -o size=64k,mode=700 ferry-full /root/.ssh
          cp -a /tmp/ferry-ssh-save/. /root/.ssh/
          dd if=/dev/zero of=/root/.ssh/zz-filler bs=1k count=1000 2>/dev/null || true
          """);
      assertThat(keysDigest()).as("the copy in the full tmpfs is the same file").isEqualTo(before);

      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.STOP_AND_COPY), session.threads());

      assertThat(keysDigest()).as("authorized_keys unchanged, byte for byte").isEqualTo(before);
      System.out.printf("full destination home: %s; %s%n", r.outcome(), r.failure() == null ? "" : r.failure().summary());
      assertThat(r.placement().exactlyOne()).isTrue();
      if (r.outcome() == MigrationReport.Outcome.MIGRATED) {
        Migrations.assertRunsOnlyOn(ct, session.b(), session.a());
      } else {
        assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
        Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      }
    } finally {
      onB("umount /root/.ssh 2>/dev/null; rm -rf /tmp/ferry-ssh-save; true");
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
    assertThat(keysDigest()).as("the real file, after the tmpfs is gone").isEqualTo(before);
  }

  @Test
  void aPlainRuncContainerWithAListeningSocketIsMigratedAndAnswersOrKeptRunningOnTheSource() throws Exception {
    for (Strategy strategy : List.of(Strategy.STOP_AND_COPY, Strategy.POST_COPY)) {
      String ct = LabContainers.uniqueName("ho-plain");
      try {
        // The lab's tcp-server without --ip: a runc spec style container, its own network namespace with only lo, listening on 7000.
        session.lab().startContainer("ferry-a", ct, "tcp-server");
        Await.until("the tcp-server in " + ct + " answering before", Duration.ofSeconds(20), Duration.ofMillis(200), () -> answers(session.a(), ct));

        MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(strategy), session.threads());

        System.out.printf("plain runc container, %s: %s, placement %s%n", strategy, r.outcome(), r.placement().describe());
        assertThat(r.placement().exactlyOne()).as("never on zero hosts, never on two: " + r.failure()).isTrue();
        if (r.outcome() == MigrationReport.Outcome.MIGRATED) {
          Migrations.assertRunsOnlyOn(ct, session.b(), session.a());
          assertThat(answers(session.b(), ct)).as("the service answers on the destination").isTrue();
        } else {
          assertThat(r.outcome()).as(String.valueOf(r.failure())).isIn(MigrationReport.Outcome.ROLLED_BACK, MigrationReport.Outcome.BLOCKED);
          Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
          assertThat(answers(session.a(), ct)).as("the service still answers on the source").isTrue();
        }
      } finally {
        LabContainers.remove(session.a(), ct);
        LabContainers.remove(session.b(), ct);
      }
    }
  }

  @Test
  void aClientKilledMidMigrationIsFoundAndResolvedByRecovery() throws Exception {
    String ct = LabContainers.uniqueName("ho-recover");
    Process client = null;
    try {
      session.lab().startContainer("ferry-a", ct, "memory", "--", "--mib", "128", "--log", "/var/log/memory.log");
      LabContainers.awaitLine(session.a(), LabContainers.logOf(ct, "memory.log"), "tick ");
      client = InProcessCli.process("migrate", ct, "--from", "ferry-a", "--to", "ferry-b", "--strategy", "stop-and-copy")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Migrations.awaitDumpDone(session.a(), ct);
      client.destroyForcibly();
      assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String id = session.a().exec(Command.script(
          "for f in /var/lib/ferry/journal/*/state.json; do grep -q -F -e \"\\\"$1\\\"\" \"$f\" && basename \"$(dirname \"$f\")\"; done; true", ct))
          .stdout().strip();
      assertThat(id).as("the killed client's journal entry on ferry-a").isNotBlank();
      // As if the source had lost its watchdog too (a restarted host): only recovery is left to resolve it.
      session.a().exec(Command.script("for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -q -F -e \"journal/$1 \""
          + " && tr '\\0' ' ' < $p/cmdline | grep -q '^sh -c' && kill -KILL ${p#/proc/}; done; true", id));
      List<RecoveryAction> early = MigrationRecovery.recover(session.a(), session.b());
      System.out.println("recovery right after the kill: " + early.stream().map(RecoveryAction::describe).toList());
      assertThat(early).as("a live lease is left alone").anyMatch(a -> a.migrationId().equals(id) && a.done().equals("left alone"));
      // Recovery leaves the migration alone until its lease lapses (15 s without renewal), then resolves it.
      List<RecoveryAction> later = Await.until("recovery resolving " + id + " once its lease lapsed", Duration.ofSeconds(40), Duration.ofSeconds(1),
          () -> MigrationRecovery.recover(session.a(), session.b()), actions -> actions.stream().anyMatch(a -> a.migrationId().equals(id)
              && !a.done().equals("left alone")));
      System.out.println("recovery after the lease lapsed: " + later.stream().map(RecoveryAction::describe).toList());
      assertThat(later).as("recovery found the interrupted migration and resolved it")
          .anyMatch(a -> a.migrationId().equals(id) && a.host().equals("ferry-a") && a.done().contains("resumed"));
      Await.until(ct + " running on ferry-a", Duration.ofSeconds(30), Duration.ofMillis(250),
          () -> session.a().exec(Command.of("runc", "state", ct)).stdout().contains("\"running\""));
      boolean onB = session.b().exec(Command.of("runc", "state", ct)).stdout().contains("\"running\"")
          && !session.a().exec(Command.of("runc", "state", ct)).ok();
      if (onB) {
        Migrations.assertRunsOnlyOn(ct, session.b(), session.a());
      } else {
        Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
      }
      assertThat(session.a().exec(Command.script("ls /var/lib/ferry/journal/*/state.json 2>/dev/null | xargs -r grep -l -F -e \"$1\" ; true", ct))
          .stdout()).as("no journal entry left on ferry-a").isBlank();
      assertThat(session.b().exec(Command.script("ls /var/lib/ferry/journal/*/state.json 2>/dev/null | xargs -r grep -l -F -e \"$1\" ; true", ct))
          .stdout()).as("no journal entry left on ferry-b").isBlank();
      String text = LabContainers.awaitLine(onB ? session.b() : session.a(), LabContainers.logOf(ct, "memory.log"), "tick ");
      assertThat(TickLog.parse(text).starts()).as("resumed, not restarted").isEqualTo(1);
    } finally {
      if (client != null) {
        client.destroyForcibly();
      }
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
      MigrationRecovery.recover(session.a(), session.b());
    }
  }

  /** A line sent to the tcp-server inside the container's own network namespace comes back. */
  private static boolean answers(dev.ferry.engine.ssh.SshHost host, String ct) {
    return host.exec(Command.script("""
        pid=$(runc state "$1" | sed -n 's/.*"pid": *\\([0-9]*\\).*/\\1/p')
        [ -n "$pid" ] || exit 1
        out=$(printf 'ping-ferry\\n' | timeout 5 nsenter -t "$pid" -n busybox nc -w 2 127.0.0.1 7000)
        case $out in *ping-ferry*) exit 0 ;; esac
        exit 1
        """, ct)).ok();
  }

  private static void onB(String script) {
    Command c = Command.script(script);
    session.b().exec(c).orThrow("ferry-b", c);
  }

  private static String keysDigest() {
    return session.b().exec(Command.script("sha256sum /root/.ssh/authorized_keys; stat -c '%a %U' /root/.ssh/authorized_keys")).stdout().strip();
  }

  private static void assertNothingOfTheMigrationOn(dev.ferry.engine.ssh.SshHost host, String ct) {
    assertThat(host.exec(Command.script("ls -d /var/lib/ferry/locks/\"$1\" /var/lib/ferry/work/\"$1\"-* 2>/dev/null; grep -c ferry-migration- /root/.ssh/authorized_keys; true", ct))
        .stdout().strip()).as("no lock, work folder or migration key on " + host.name()).isEqualTo("0");
  }
}
