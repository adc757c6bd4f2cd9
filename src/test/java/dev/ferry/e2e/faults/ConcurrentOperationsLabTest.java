package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations that meet: two clients migrating one container at once, a migration while a checkpoint
 * of it runs, and two containers migrating to one host at once. Each client has its own connections,
 * as two users' would. Whatever wins, every container runs on exactly one host, nothing is left, and
 * root's authorized_keys on the destination is as it was.
 */
@RequiresLab
class ConcurrentOperationsLabTest {
  private static Lab lab;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
  }

  /** One client: its own threads and connections to both hosts. */
  private static final class Client implements AutoCloseable {
    final EngineThreads threads = new EngineThreads();
    final SshHost a = lab.connect(CellRunner.SOURCE, threads);
    final SshHost b = lab.connect(CellRunner.DESTINATION, threads);

    CompletableFuture<MigrationReport> migrate(String ct) {
      return new Migration(a, b, new MigrationRequest(ContainerName.of(ct), Optional.of(Strategy.STOP_AND_COPY), false), threads).start();
    }

    @Override
    public void close() {
      a.close();
      b.close();
      threads.close();
    }
  }

  @Test
  void twoClientsMigratingOneContainerAtOnceLeaveItOnExactlyOneHost() throws Exception {
    String ct = LabContainers.uniqueName("fc");
    long started = System.currentTimeMillis();
    try (Client one = new Client(); Client two = new Client()) {
      CellRunner.startWorkload(lab, ct, "counter");
      String keysBefore = authorizedKeys();
      CompletableFuture<MigrationReport> f1 = one.migrate(ct);
      CompletableFuture<MigrationReport> f2 = two.migrate(ct);
      MigrationReport r1 = f1.get(6, TimeUnit.MINUTES);
      MigrationReport r2 = f2.get(6, TimeUnit.MINUTES);
      List<String> problems = new ArrayList<>();
      long migrated = List.of(r1, r2).stream().filter(r -> r.outcome() == MigrationReport.Outcome.MIGRATED).count();
      if (migrated > 1) {
        problems.add("both migrations report MIGRATED");
      }
      MigrationReport winner = r1.outcome() == MigrationReport.Outcome.MIGRATED ? r1 : r2;
      MigrationReport loser = winner == r1 ? r2 : r1;
      System.out.printf("two migrations of one container: %s / %s (%s)%n", winner.outcome(), loser.outcome(),
          loser.failure() == null ? "" : loser.failure().summary());
      assertKept(record(ct, "counter", "two-migrations-one-container", "LOCK", winner, started, problems, keysBefore));
    } finally {
      CellRunner.restoreLab(lab, ct);
    }
  }

  @Test
  void aMigrationStartedWhileACheckpointOfTheContainerRunsLeavesItOnExactlyOneHost() throws Exception {
    String ct = LabContainers.uniqueName("fc");
    long started = System.currentTimeMillis();
    try (Client one = new Client(); Client two = new Client()) {
      // 96 MiB: the checkpoint's dump takes long enough for the migration to meet it.
      CellRunner.startWorkload(lab, ct, "memory", "--mib", "96", "--log", "/var/log/memory.log");
      String keysBefore = authorizedKeys();
      Checkpoints checkpoints = new Checkpoints(one.a, one.threads.io());
      CompletableFuture<Object> checkpoint = CompletableFuture.supplyAsync(() -> {
        try {
          return checkpoints.create(ContainerName.of(ct), "during-migration", true);
        } catch (RuntimeException e) {
          return e;
        }
      });
      awaitCheckpointRunning(ct);
      MigrationReport r = two.migrate(ct).get(6, TimeUnit.MINUTES);
      Object cp = checkpoint.get(6, TimeUnit.MINUTES);
      List<String> problems = new ArrayList<>();
      System.out.printf("migration during a checkpoint: %s (%s); checkpoint: %s%n", r.outcome(),
          r.failure() == null ? "" : r.failure().summary(), cp instanceof Exception e ? e.getMessage() : "made");
      if (cp instanceof Exception e) {
        problems.add("the checkpoint failed: " + e.getMessage());
      }
      assertKept(record(ct, "memory", "migration-during-checkpoint", "LOCK", r, started, problems, keysBefore));
    } finally {
      lab.exec(CellRunner.SOURCE, "sh", "-c", "rm -rf \"/var/lib/ferry/checkpoints/$1\"", "cleanup", ct);
      lab.exec(CellRunner.DESTINATION, "sh", "-c", "rm -rf \"/var/lib/ferry/checkpoints/$1\"", "cleanup", ct);
      CellRunner.restoreLab(lab, ct);
    }
  }

  @Test
  void twoContainersMigratingToOneHostAtOnceBothArriveAndRootsKeysSurvive() throws Exception {
    String ct1 = LabContainers.uniqueName("fc");
    String ct2 = LabContainers.uniqueName("fc");
    long started = System.currentTimeMillis();
    try (Client one = new Client(); Client two = new Client()) {
      CellRunner.startWorkload(lab, ct1, "counter");
      CellRunner.startWorkload(lab, ct2, "counter");
      String keysBefore = authorizedKeys();
      CompletableFuture<MigrationReport> f1 = one.migrate(ct1);
      CompletableFuture<MigrationReport> f2 = two.migrate(ct2);
      MigrationReport r1 = f1.get(6, TimeUnit.MINUTES);
      MigrationReport r2 = f2.get(6, TimeUnit.MINUTES);
      System.out.printf("two containers to one host: %s / %s%n", r1.outcome(), r2.outcome());
      List<String> problems = new ArrayList<>();
      for (MigrationReport r : List.of(r1, r2)) {
        if (r.outcome() != MigrationReport.Outcome.MIGRATED) {
          problems.add(r.container() + " did not migrate: " + r.outcome() + " " + (r.failure() == null ? "" : r.failure().summary()));
        }
      }
      List<String> second = new ArrayList<>(problems);
      assertKept(record(ct1, "counter", "two-containers-one-destination", "ALL", r1, started, problems, keysBefore),
          record(ct2, "counter", "two-containers-one-destination", "ALL (second)", r2, started, second, keysBefore));
    } finally {
      CellRunner.restoreLab(lab, ct1);
      CellRunner.restoreLab(lab, ct2);
    }
  }

  private static CellResult record(String ct, String workload, String fault, String phase, MigrationReport r, long started, List<String> problems,
      String keysBefore) throws InterruptedException {
    CellRunner.settle(lab, ct, workload);
    List<String> recovery = CellRunner.afterOutcome(lab, ct, workload, r.outcome().name(), problems);
    String words = r.failure() == null ? "" : r.failure().summary() + " " + r.failure().advice();
    Verdict v = Verdict.judge(lab, CellRunner.SOURCE, CellRunner.DESTINATION, ct, workload, r.outcome().name(), words,
        CellRunner.placementOf(r));
    problems.addAll(v.problems);
    String keysAfter = authorizedKeys();
    if (!keysAfter.equals(keysBefore)) {
      problems.add("root's authorized_keys on " + CellRunner.DESTINATION + " changed: " + keysBefore + " -> " + keysAfter);
    }
    CellResult c = new CellResult(fault, phase, Strategy.STOP_AND_COPY.label(), workload, true, r.outcome().name(), String.join("; ", recovery), v.runsOn,
        v.frozenTicksMillis, r.freeze().totalFrozenMillis(), (System.currentTimeMillis() - started) / 1000,
        r.failure() == null ? "" : r.failure().summary(), List.copyOf(problems), CellRunner.engineRevision(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ResultsFile.add(c);
    System.out.printf("fault cell %s: %s, runs on %s, frozen %d ms (engine %d ms), %s%n", fault, c.outcome(), c.runsOn(),
        c.frozenTicksMillis(), c.frozenEngineMillis(), c.passed() ? "ok" : "PROBLEMS " + c.problems());
    return c;
  }

  private static void assertKept(CellResult... cells) {
    for (CellResult c : cells) {
      assertThat(c.problems()).as("%s (%s): runs on %s", c.fault(), c.phase(), c.runsOn()).isEmpty();
    }
  }

  private static String authorizedKeys() {
    return lab.exec(CellRunner.DESTINATION, "sh", "-c",
        "echo \"$(grep -v ferry-migration /root/.ssh/authorized_keys 2>/dev/null | wc -l) lines, $(grep -v ferry-migration /root/.ssh/authorized_keys 2>/dev/null | sha256sum | cut -c1-16)\"")
        .stdout().strip();
  }

  private static void awaitCheckpointRunning(String ct) throws InterruptedException {
    Await.until("the checkpoint of " + ct + " starting", Duration.ofSeconds(20), Duration.ofMillis(50),
        () -> lab.exec(CellRunner.SOURCE, "sh", "-c", "ls -d /var/lib/ferry/work/\"$1\"-checkpoint-* >/dev/null 2>&1", "probe", ct).exitCode() == 0);
  }
}
