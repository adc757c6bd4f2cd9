package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
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
import java.util.concurrent.TimeoutException;

/**
 * Runs one cell: a fresh container on the source, a migration on new connections (as a user's next
 * session would have), the fault injected at its phase and healed, time for whatever the engine left
 * running to end, then the verdict from both hosts. The lab is put back as it was afterwards.
 */
final class CellRunner {
  static final String SOURCE = "ferry-a";
  static final String DESTINATION = "ferry-b";
  // A migration that has not returned by then is a hang: a finding, and the cell goes on to its checks.
  private static final Duration MIGRATION_LIMIT = Duration.ofMinutes(6);
  // Watchdogs, CRIU and copies the engine started must end by themselves within this after it returned.
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(150);

  private CellRunner() {}

  static String engineRevision() {
    String given = System.getProperty("ferry.engine.rev", "");
    if (!given.isBlank()) {
      return given;
    }
    LocalProcess.Result r = LocalProcess.run(Duration.ofSeconds(10), Lab.REPO,
        List.of("git", "log", "-1", "--format=%h %D", "HEAD"));
    String text = r.stdout().strip();
    String branch = text.contains("HEAD -> ") ? text.substring(text.indexOf("HEAD -> ") + 8).split(",")[0] : "detached";
    return branch + "@" + (text.isEmpty() ? "?" : text.split(" ")[0]);
  }

  /** Runs an in-process cell with the counter workload (or the one given) and records it. */
  static CellResult run(Lab lab, FaultCatalog.Cell cell, String workload, String... workloadArgs) throws InterruptedException {
    return run(lab, cell, MigrationRequest.DEFAULT_WATCHDOG_DEADLINE, workload, workloadArgs);
  }

  /** The same, with the source's watchdog deadline given (today's engine; a lease on the hand-over branch). */
  static CellResult run(Lab lab, FaultCatalog.Cell cell, Duration watchdog, String workload, String... workloadArgs) throws InterruptedException {
    Fault fault = cell.make().get();
    String ct = LabContainers.uniqueName("fm");
    FaultScene scene = new FaultScene(lab, SOURCE, DESTINATION, ct);
    long started = System.currentTimeMillis();
    List<String> problems = new ArrayList<>();
    MigrationReport report = null;
    PhaseTrigger trigger = new PhaseTrigger(fault, cell.phase(), scene);
    try {
      startWorkload(lab, ct, workload, workloadArgs);
      try (EngineThreads threads = new EngineThreads()) {
        SshHost a = lab.connect(SOURCE, threads);
        SshHost b = lab.connect(DESTINATION, threads);
        try {
          Migration m = new Migration(a, b, new MigrationRequest(ContainerName.of(ct), Optional.of(cell.strategy()), false, watchdog), threads);
          m.addListener(trigger);
          CompletableFuture<MigrationReport> f = m.start();
          try {
            report = f.get(MIGRATION_LIMIT.toSeconds(), TimeUnit.SECONDS);
          } catch (TimeoutException e) {
            problems.add("HANG: the migration did not return within " + MIGRATION_LIMIT.toMinutes() + " min");
          } catch (java.util.concurrent.ExecutionException e) {
            problems.add("the migration threw instead of reporting: " + e.getCause() + " at " + java.util.Arrays.stream(e.getCause().getStackTrace())
                .filter(fr -> fr.getClassName().startsWith("dev.ferry.engine.migration")).limit(3).map(StackTraceElement::toString).toList());
          }
        } finally {
          problems.addAll(trigger.finish());
          a.close();
          b.close();
        }
      }
      trigger.close();
      if (!trigger.injected()) {
        problems.add("the fault was never injected: " + (trigger.injectError() != null ? trigger.injectError() : "phase " + cell.phase() + " never started"));
      }
      settle(lab, ct, workload);
      String outcome = report == null ? null : report.outcome().name();
      List<String> recovery = afterOutcome(lab, ct, workload, outcome, problems);
      String words = report == null || report.failure() == null ? "" : report.failure().summary() + " " + report.failure().advice();
      Verdict v = Verdict.judge(lab, SOURCE, DESTINATION, ct, workload, outcome, words, placementOf(report),
          fault.killsProcessesOf(scene).orElse(null));
      problems.addAll(v.problems);
      CellResult r = new CellResult(cell.fault(), cell.phase().name(), cell.strategy().label(), workload, trigger.injected(),
          report == null ? "NO REPORT" : report.outcome().name(), String.join("; ", recovery), v.runsOn, v.frozenTicksMillis,
          report == null ? -1 : report.freeze().totalFrozenMillis(), (System.currentTimeMillis() - started) / 1000,
          report == null || report.failure() == null ? "" : report.failure().summary(), List.copyOf(problems), engineRevision(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      ResultsFile.add(r);
      System.out.printf("fault cell %s: %s, runs on %s, frozen %d ms (engine %d ms), %s%n", cell, r.outcome(), r.runsOn(),
          r.frozenTicksMillis(), r.frozenEngineMillis(), r.passed() ? "ok" : "PROBLEMS " + r.problems());
      return r;
    } finally {
      trigger.close();
      restoreLab(lab, ct);
    }
  }

  // The engine's lease timeout (15 s) and a margin: after it, no migration looks in progress any more.
  private static final Duration LEASE_LAPSE = Duration.ofSeconds(17);

  // These outcomes promise a clean end by themselves: whatever is left before any recovery breaks them.
  private static final java.util.Set<String> CLEAN_OUTCOMES = java.util.Set.of("MIGRATED", "ROLLED_BACK", "BLOCKED");

  /**
   * After the migration returned: for an outcome that promises a clean end, anything left on either
   * host is a problem as it stands. Then the next client's recovery runs (it must find nothing to do
   * after a clean outcome; after a host crash or NEEDS_ATTENTION it finishes or undoes the rest), and
   * returns what it said.
   */
  static List<String> afterOutcome(Lab lab, String ct, String workload, String outcome, List<String> problems) throws InterruptedException {
    String log = workload.equals("memory") ? "memory.log" : "counter.log";
    if (outcome != null && CLEAN_OUTCOMES.contains(outcome)) {
      for (String h : List.of(SOURCE, DESTINATION)) {
        HostCensus.take(lab, h, ct, log).leftovers().forEach(l -> problems.add("left after " + outcome + " (before any recovery): " + l));
      }
    }
    List<String> said = new ArrayList<>(Recovery.nextClient(lab));
    if (said.stream().anyMatch(l -> l.endsWith("-> left alone"))) {
      // A migration still looked in progress (a fresh lease): a later client finds it once the lease has lapsed.
      Thread.sleep(LEASE_LAPSE.toMillis()); // not polled: a recovery at the very lapse would race the source's watchdog, which acts then too
      said.addAll(Recovery.nextClient(lab));
    }
    if (said.stream().anyMatch(l -> l.contains(" -> ") || l.startsWith("recovery failed"))) {
      // Recovery acted: let the container settle where it was left.
      settle(lab, ct, workload);
    }
    said.forEach(l -> System.out.println("  recovery: " + l));
    said.stream().filter(l -> l.startsWith("recovery failed")).forEach(problems::add);
    return said;
  }

  /** The host the report says the container runs on, having asked both; null if the report does not say, "" if none. */
  static String placementOf(MigrationReport r) {
    if (r == null || r.placement() == null) {
      return null;
    }
    List<String> on = r.placement().runningOn();
    return on.size() == 1 ? on.get(0) : on.isEmpty() ? "NOWHERE" : "BOTH";
  }

  static void startWorkload(Lab lab, String ct, String workload, String... args) throws InterruptedException {
    List<String> extra = new ArrayList<>();
    if (args.length > 0) {
      extra.add("--");
      extra.addAll(List.of(args));
    }
    lab.startContainer(SOURCE, ct, workload, extra.toArray(String[]::new));
    String log = "/var/lib/ferry/containers/" + ct + "/rootfs/var/log/" + (workload.equals("memory") ? "memory.log" : "counter.log");
    Await.until(workload + " " + ct + " ticking on " + SOURCE, Duration.ofSeconds(30), Duration.ofMillis(200),
        () -> lab.exec(SOURCE, "cat", log).stdout().contains("tick 3 "));
  }

  /** Waits (bounded) until neither host runs anything of the migration any more: watchdogs, CRIU, copies. */
  static void settle(Lab lab, String ct, String workload) throws InterruptedException {
    String log = workload.equals("memory") ? "memory.log" : "counter.log";
    // Still busy at the limit: the verdict's census names what runs.
    Await.holds(SETTLE_LIMIT, Duration.ofSeconds(1),
        () -> HostCensus.take(lab, SOURCE, ct, log).processes().isEmpty() && HostCensus.take(lab, DESTINATION, ct, log).processes().isEmpty());
  }

  /** Removes the cell's container everywhere and repairs whatever the fault left of the lab (lab up heals every fault). */
  static void restoreLab(Lab lab, String ct) {
    String script = "runc delete --force \"$1\" >/dev/null 2>&1; rm -rf \"/var/lib/ferry/containers/$1\" /var/lib/ferry/work/\"$1\"-*"
        + " \"/var/lib/ferry/locks/$1\"; sed -i '/ferry-migration-/d' /root/.ssh/authorized_keys 2>/dev/null;"
        + " for j in /var/lib/ferry/journal/*; do grep -qsF \"\\\"$1\\\"\" \"$j/state.json\" && rm -rf \"$j\"; done; true";
    if (Lab.sh("status").exitCode() != 0) {
      Lab.sh("up").orFail("lab up (repairing the lab after a fault)");
    }
    for (String h : List.of(SOURCE, DESTINATION)) {
      lab.exec(h, "sh", "-c", script, "cleanup", ct);
    }
  }
}
