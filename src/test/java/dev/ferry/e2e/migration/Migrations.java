package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import dev.ferry.engine.util.EngineThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What the migration tests share: running one, and checking where the container ended up. */
public final class Migrations {
  static final long TICK_MS = 100;
  // Timer slack and the moment between the last tick and the dump.
  static final long TOLERANCE_MS = 60;
  // The number to beat: vzctl 4.7's total suspended time (field notes §2).
  static final long VZMIGRATE_FREEZE_MS = 3377;

  private Migrations() {}

  public static MigrationReport migrate(SshHost from, SshHost to, String ct, Optional<Strategy> strategy, EngineThreads threads,
      MigrationListener... listeners) {
    Migration m = new Migration(from, to, new MigrationRequest(ContainerName.of(ct), strategy, false), threads);
    for (MigrationListener l : listeners) {
      m.addListener(l);
    }
    return m.run();
  }

  /** The container runs on {@code on} and has no trace on {@code notOn}: never on zero hosts, never on two. */
  static void assertRunsOnlyOn(String ct, SshHost on, SshHost notOn) {
    assertThat(on.exec(Command.of("runc", "state", ct)).stdout()).as(ct + " on " + on.name()).contains("\"running\"");
    assertThat(notOn.exec(Command.of("runc", "state", ct)).exitCode()).as(ct + " must not exist on " + notOn.name()).isNotZero();
    assertThat(notOn.exec(Command.script("ls -d /var/lib/ferry/containers/\"$1\" /var/lib/ferry/work/\"$1\"-* 2>/dev/null; true", ct)).stdout())
        .as("nothing of " + ct + " left on " + notOn.name()).isBlank();
  }

  /** The counter never restarted, never skipped a number, and never paused longer than the longest freeze. */
  static void assertCounterContinuous(SshHost host, String ct, long longestFreezeMillis) {
    TickLog log = TickLog.parse(LabContainers.readFile(host, LabContainers.logOf(ct, "counter.log")));
    assertThat(log.starts()).as("no restart").isEqualTo(1);
    assertThat(log.contiguous()).as("no skipped tick").isTrue();
    assertThat(log.maxGapMillis()).as("largest gap vs longest freeze " + longestFreezeMillis + " ms")
        .isLessThanOrEqualTo(longestFreezeMillis + TICK_MS + TOLERANCE_MS);
  }

  /** The migration's key is gone from both hosts: nothing secret outlives the migration. */
  static void assertNoMigrationCredentialsLeft(SshHost source, SshHost destination, String migrationId) {
    String tag = "ferry-migration-" + migrationId;
    assertThat(destination.exec(Command.script("grep -c -F -e \"$1\" \"$HOME/.ssh/authorized_keys\" 2>/dev/null || true", tag)).stdout().strip())
        .as("the migration's key is no longer accepted on " + destination.name()).isIn("0", "");
    assertThat(source.exec(Command.script("ls /var/lib/ferry/work/*/key 2>/dev/null | grep -c . || true")).stdout().strip())
        .as("no migration key file left on " + source.name()).isEqualTo("0");
  }

  /** Returns as soon as CRIU has finished the dump of {@code ct} on {@code source}: only its images remain there. */
  static void awaitDumpDone(SshHost source, String ct) throws InterruptedException {
    Await.until("the migration of " + ct + " finishing its dump", Duration.ofSeconds(60), Duration.ofMillis(20),
        () -> source.exec(Command.script("ls /var/lib/ferry/work/\"$1\"-*/dump/stats-dump >/dev/null 2>&1", ct)).ok());
  }

  /** How many answers the TCP client (ferry-tcp-client) logged. */
  static long replies(Path log) throws java.io.IOException {
    return Files.readAllLines(log).stream().filter(l -> l.startsWith("reply ")).count();
  }

  /** Waits, at most 20 s, until the TCP client logged {@code n} answers. */
  public static void awaitReplies(Path log, int n) throws Exception {
    Await.until("the client's " + n + " answers before the move", Duration.ofSeconds(20), Duration.ofMillis(100), () -> Files.readString(log),
        text -> text.lines().filter(l -> l.startsWith("reply ")).count() >= n);
  }
}
