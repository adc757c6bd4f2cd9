package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client killed with SIGKILL at the start of a phase (a Ferry client in its own JVM, {@link MigrateChild}),
 * then recovery as the next client would see it ({@link Recovery}); the container must run on exactly
 * one host with nothing left behind.
 */
@RequiresLab
class ClientKillLabTest {
  // The request's fixed deadline, where the engine still has one; the hand-over branch acts on its lease.
  private static final int WATCHDOG_S = 15;
  private static Lab lab;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
  }

  record KillCell(Phase phase, Strategy strategy, boolean representative) {
    @Override
    public String toString() {
      return "client-sigkill at " + phase + ", " + strategy.label();
    }
  }

  static Stream<KillCell> cells() {
    List<KillCell> cells = new ArrayList<>();
    for (Phase p : List.of(Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.CLEANUP)) {
      for (Strategy s : List.of(Strategy.STOP_AND_COPY, Strategy.POST_COPY)) {
        cells.add(new KillCell(p, s, p == Phase.COPY_DUMP && s == Strategy.STOP_AND_COPY));
      }
    }
    String only = System.getProperty("ferry.faults.only", "");
    return cells.stream().filter(c -> FaultCatalog.full() || c.representative()).filter(c -> c.toString().contains(only));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void aClientKilledAtAnyPhaseLeavesTheContainerOnExactlyOneHostOnceRecovered(KillCell cell) throws Exception {
    String ct = LabContainers.uniqueName("fk");
    long started = System.currentTimeMillis();
    List<String> problems = new ArrayList<>();
    Process child = null;
    boolean injected = false;
    try {
      CellRunner.startWorkload(lab, ct, "counter");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dferry.repo=" + Lab.REPO, "-cp",
          System.getProperty("java.class.path"), MigrateChild.class.getName(), ct, CellRunner.SOURCE, CellRunner.DESTINATION,
          cell.strategy().label(), cell.phase().name(), Integer.toString(WATCHDOG_S)).redirectErrorStream(true).start();
      Process p = child;
      CompletableFuture<String> at = CompletableFuture.supplyAsync(() -> MigrateChild.awaitLine(p, "AT "));
      String line = at.get(120, TimeUnit.SECONDS);
      if (line != null && line.startsWith("AT ")) {
        child.destroyForcibly();
        injected = child.waitFor(10, TimeUnit.SECONDS);
      } else {
        problems.add("the child never reached " + cell.phase() + ": " + line);
      }
      CellRunner.settle(lab, ct, "counter");
      List<String> recovered = Recovery.afterClientDied(lab);
      recovered.forEach(l -> System.out.println("  recovery: " + l));
      recovered.stream().filter(l -> l.startsWith("recovery failed")).forEach(problems::add);
      CellRunner.settle(lab, ct, "counter");
      Verdict v = Verdict.judge(lab, CellRunner.SOURCE, CellRunner.DESTINATION, ct, "counter", null, "", null);
      problems.addAll(v.problems);
      CellResult r = new CellResult("client-sigkill", cell.phase().name(), cell.strategy().label(), "counter", injected, "client killed",
          String.join("; ", recovered), v.runsOn, v.frozenTicksMillis, -1, (System.currentTimeMillis() - started) / 1000, "", List.copyOf(problems),
          CellRunner.engineRevision(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      ResultsFile.add(r);
      System.out.printf("fault cell %s: runs on %s, frozen %d ms, %s%n", cell, r.runsOn(), r.frozenTicksMillis(),
          r.passed() ? "ok" : "PROBLEMS " + r.problems());
      assertThat(r.problems()).as("%s: runs on %s", cell, r.runsOn()).isEmpty();
    } finally {
      if (child != null) {
        child.destroyForcibly();
      }
      CellRunner.restoreLab(lab, ct);
    }
  }
}
