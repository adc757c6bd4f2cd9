package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A container as a runc user makes one: {@code runc spec} defaults (a network namespace of its own
 * with only lo, a read-only root), running a program that checks a TCP listener, an established TCP
 * connection, UDP, a pipe and a timer every 100 ms. It migrates A to B and back with every strategy
 * the hosts support, and every check passes on each destination.
 */
@RequiresLab
class PlainRuncLabTest {
  private static final String LOG = "/dev/shm/selfcheck.log";
  // Exactly what a user does: runc spec, a root file system, the program, detached with stdio off the host's files.
  private static final String MAKE = """
      set -e
      ct=$1; base=$2; log=$3; b=/var/lib/ferry/containers/$ct
      rm -rf "$b"; mkdir -p "$b"; cd "$b"
      runc spec
      cp -a "$base" rootfs
      sed -i 's/"terminal": true/"terminal": false/; s|"sh"$|"/usr/bin/ferry-selfcheck", "--log", "'"$log"'"|' config.json
      grep -q ferry-selfcheck config.json
      setsid runc run -d "$ct" </dev/null >/dev/null 2>&1
      """;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void aPlainRuncSpecContainerKeepsItsSocketsPipeAndTimerWithEveryStrategyBothWays() throws Exception {
    String ct = LabContainers.uniqueName("plain");
    SshHost a = session.a();
    SshHost b = session.b();
    try {
      a.exec(Command.script(MAKE, ct, session.lab().dir().resolve("rootfs-base").toString(), LOG)).orThrow(a.name(), Command.of("runc", "spec"));
      assertThat(a.exec(Command.of("cat", "/var/lib/ferry/containers/" + ct + "/config.json")).stdout())
          .as("runc spec's own network namespace, no path").contains("\"type\": \"network\"\n").doesNotContain("/run/netns");
      awaitTicks(a, ct, 5);
      for (Strategy s : List.of(Strategy.STOP_AND_COPY, Strategy.POST_COPY)) {
        migrateAndCheck(a, b, ct, s);
        migrateAndCheck(b, a, ct, s);
      }
      // Pre-copy needs dirty-memory tracking, which this kernel lacks: refused before anything moves.
      MigrationReport pre = Migrations.migrate(a, b, ct, Optional.of(Strategy.PRE_COPY), session.threads());
      assertThat(pre.outcome()).isEqualTo(MigrationReport.Outcome.BLOCKED);
      assertThat(pre.failure().summary()).contains("dirty");
      Migrations.assertRunsOnlyOn(ct, a, b);
    } finally {
      LabContainers.remove(a, ct);
      LabContainers.remove(b, ct);
    }
  }

  private static void migrateAndCheck(SshHost from, SshHost to, String ct, Strategy s) throws InterruptedException {
    MigrationReport r = Migrations.migrate(from, to, ct, Optional.of(s), session.threads());
    assertThat(r.outcome()).as(s + " " + from.name() + " -> " + to.name() + ": " + r.failure()).isEqualTo(MigrationReport.Outcome.MIGRATED);
    Migrations.assertRunsOnlyOn(ct, to, from);
    long seqAtMove = awaitTicks(to, ct, 0).seqs().size();
    TickLog log = awaitTicks(to, ct, seqAtMove + 5);
    assertThat(log.starts()).as("no restart").isEqualTo(1);
    assertThat(log.contiguous()).as("no skipped check").isTrue();
    assertThat(log.lines().stream().filter(l -> l.startsWith("tick ") && !l.endsWith(" ok")).toList())
        .as("every check passed, before and after the " + s + " move to " + to.name()).isEmpty();
    System.out.printf("plain runc: %s %s -> %s, frozen %d ms, %d checks ok%n", s, from.name(), to.name(), r.freeze().totalFrozenMillis(),
        log.seqs().size());
  }

  /** The container's check log once it has at least {@code n} ticks (bounded wait). */
  private static TickLog awaitTicks(SshHost host, String ct, long n) throws InterruptedException {
    ExecResult r = Await.until(n + " checks on " + host.name(), Duration.ofSeconds(20), Duration.ofMillis(200),
        () -> host.exec(Command.script("p=$(runc state \"$1\" | sed -n 's/.*\"pid\": *\\([0-9]*\\).*/\\1/p'); cat \"/proc/$p/root$2\"", ct, LOG)),
        seen -> TickLog.parse(seen.stdout()).seqs().size() >= n);
    return TickLog.parse(r.stdout());
  }
}
