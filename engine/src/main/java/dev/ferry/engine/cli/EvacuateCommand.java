package dev.ferry.engine.cli;

import dev.ferry.engine.evacuate.ContainerOutcome;
import dev.ferry.engine.evacuate.Evacuation;
import dev.ferry.engine.evacuate.EvacuationListener;
import dev.ferry.engine.evacuate.EvacuationPlan;
import dev.ferry.engine.evacuate.EvacuationPlanner;
import dev.ferry.engine.evacuate.EvacuationSummary;
import dev.ferry.engine.evacuate.PlannedMove;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Moves every container off a host: prints the plan, then (unless --dry-run) runs it and prints what moved and what stayed. */
@Command(name = "evacuate", description = "Move every container off a host, spread over the others by free memory and load.")
final class EvacuateCommand implements Callable<Integer> {
  @ParentCommand
  private FerryCli cli;

  @Parameters(paramLabel = "HOST")
  private String host;

  @Option(names = "--to", split = ",", paramLabel = "HOST", description = "the hosts to move to (default: every other host of the running lab)")
  private List<String> to = new ArrayList<>();

  @Option(names = "--exclude", split = ",", paramLabel = "CONTAINER", description = "containers to leave where they are")
  private List<String> exclude = new ArrayList<>();

  @Option(names = "--dry-run", description = "make and print the plan (with each pre-flight); move nothing")
  private boolean dryRun;

  @Option(names = "--json", description = "print the plan and the summary as JSON")
  private boolean json;

  @Override
  public Integer call() {
    var dir = cli.directory();
    List<String> targets = (to.isEmpty() ? labHosts() : to).stream().filter(n -> !n.equals(host)).toList();
    if (targets.isEmpty()) {
      System.err.println("ferry evacuate: no host to move to. Name them with --to HOST[,HOST...].");
      return 2;
    }
    List<SshHost> sessions = targets.stream().map(dir::host).toList();
    EvacuationPlanner planner = new EvacuationPlanner(dir.host(host), sessions, dir.threads());
    EvacuationPlan planned = planner.plan();
    for (String ct : exclude) {
      planned = planned.exclude(ct, true);
    }
    EvacuationPlan plan = planned;
    if (json && dryRun) {
      System.out.println(Json.write(plan));
      return 0;
    }
    if (!json) {
      printPlan(plan);
    }
    if (dryRun) {
      return 0;
    }
    Evacuation run = new Evacuation(plan, planner, dir.threads(), ReportStore.defaultStore());
    if (!json) {
      run.addListener(new EvacuationListener() {
        @Override
        public void containerStarted(PlannedMove move, String migrationId) {
          System.out.printf("%s -> %s (%s)%n", move.container(), move.target().orElse("?"),
              move.strategy().map(s -> s.strategy().label()).orElse("auto"));
        }

        @Override
        public void phaseFinished(String id, Phase phase, Duration took, long bytes) {
          System.out.printf("  %-40s %6d ms%n", phase.label(), took.toMillis());
        }

        @Override
        public void containerEnded(ContainerOutcome o) {
          if (o.reportId().isPresent()) {
            System.out.println("  " + (o.moved() ? "moved" : "stayed: " + o.why()));
          }
        }
      });
    }
    EvacuationSummary summary = run.run();
    System.out.println(json ? Json.write(Map.of("plan", plan, "summary", summary)) : summary.describe());
    return summary.stayed().stream().anyMatch(o -> plan(plan, o).map(PlannedMove::willMove).orElse(false)) ? 4 : 0;
  }

  /** The running lab's hosts: those named in the ssh configs under the lab's folder. */
  private static List<String> labHosts() {
    List<java.nio.file.Path> lab = dev.ferry.engine.hosts.HostDirectory.defaultConfigFiles().stream()
        .filter(p -> p.toAbsolutePath().startsWith(dev.ferry.engine.hosts.HostDirectory.LAB_ROOT)).toList();
    try {
      return dev.ferry.engine.ssh.SshConfigFile.read(lab, java.nio.file.Path.of(System.getProperty("user.home"))).hostAliases();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the lab's ssh config: " + e.getMessage(), e);
    }
  }

  private static java.util.Optional<PlannedMove> plan(EvacuationPlan plan, ContainerOutcome o) {
    return plan.move(o.container());
  }

  private static void printPlan(EvacuationPlan plan) {
    System.out.println("Plan to evacuate " + plan.source() + ":");
    plan.hosts().forEach(h -> System.out.printf("  %s: %d MiB available, load %.2f on %d CPUs%n", h.host(), h.availableBytes() >> 20,
        h.load1(), h.cpus()));
    System.out.printf("  %-20s %-10s %-14s %s%n", "CONTAINER", "TO", "STRATEGY", "PRE-FLIGHT");
    for (PlannedMove m : plan.moves()) {
      System.out.printf("  %-20s %-10s %-14s %s%s%n", m.container(), m.target().orElse("-"),
          m.strategy().map(s -> s.strategy().label()).orElse("-"), m.verdict(), m.included() ? "" : " (left out)");
    }
  }
}
