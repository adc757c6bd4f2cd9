package dev.ferry.cli;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Moves every container off a host: prints the plan, then (unless --dry-run) runs it and prints what moved and what stayed. */
@Command(name = "evacuate", description = "Move every container off a host, spread over the others by free memory and load.")
final class EvacuateCommand extends HostCommand implements Callable<Integer> {
  @Option(names = "--to", split = ",", paramLabel = "HOST", description = "the hosts to move to (default: every other host of the running lab)")
  private List<String> to = new ArrayList<>();

  @Option(names = "--exclude", split = ",", paramLabel = "CONTAINER", description = "containers to leave where they are")
  private List<String> exclude = new ArrayList<>();

  @Option(names = "--dry-run", description = "make and print the plan (with each pre-flight); move nothing")
  private boolean dryRun;

  @Override
  public Integer call() {
    var dir = cli.directory();
    List<String> targets = (to.isEmpty() ? labHosts() : to).stream().filter(n -> !n.equals(host)).toList();
    if (targets.isEmpty()) {
      output.err().println("ferry evacuate: no host to move to. Name them with --to HOST[,HOST...].");
      return 2;
    }
    List<SshHost> sessions = targets.stream().map(dir::host).toList();
    EvacuationPlanner planner = new EvacuationPlanner(dir.host(host), sessions, dir.threads());
    EvacuationPlan planned = planner.plan();
    for (String ct : exclude) {
      planned = planned.exclude(ct, true);
    }
    EvacuationPlan plan = planned;
    if (output.json() && dryRun) {
      output.printJson(plan);
      return 0;
    }
    if (!output.json()) {
      printPlan(plan);
    }
    if (dryRun) {
      return 0;
    }
    Evacuation run = new Evacuation(plan, planner, dir.threads(), ReportStore.defaultStore());
    if (!output.json()) {
      run.addListener(new EvacuationListener() {
        @Override
        public void containerStarted(PlannedMove move, String migrationId) {
          output.printf("%s -> %s (%s)%n", move.container(), move.target().orElse("?"),
              move.strategy().map(s -> s.strategy().label()).orElse("auto"));
        }

        @Override
        public void phaseFinished(String id, Phase phase, Duration took, long bytes) {
          output.printf("  %-40s %6d ms%n", phase.label(), took.toMillis());
        }

        @Override
        public void containerEnded(ContainerOutcome o) {
          if (o.reportId().isPresent()) {
            output.println("  " + (o.moved() ? "moved" : "stayed: " + o.why()));
          }
        }
      });
    }
    EvacuationSummary summary = run.run();
    if (output.json()) {
      output.printJson(Map.of("plan", plan, "summary", summary));
    } else {
      output.println(summary.describe());
    }
    return summary.stayed().stream().anyMatch(o -> plan(plan, o).map(PlannedMove::willMove).orElse(false)) ? 4 : 0;
  }

  /** The running labs' hosts: those named in the labs' ssh configs ({@link dev.ferry.engine.hosts.HostDirectory#labConfigFiles}). */
  private static List<String> labHosts() {
    try {
      return dev.ferry.engine.ssh.SshConfigFile.read(dev.ferry.engine.hosts.HostDirectory.labConfigFiles(),
          java.nio.file.Path.of(System.getProperty("user.home"))).hostAliases();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the lab's ssh config: " + e.getMessage(), e);
    }
  }

  private static java.util.Optional<PlannedMove> plan(EvacuationPlan plan, ContainerOutcome o) {
    return plan.move(o.container());
  }

  private void printPlan(EvacuationPlan plan) {
    output.println("Plan to evacuate " + plan.source() + ":");
    plan.hosts().forEach(h -> output.printf("  %s: %d MiB available, load %.2f on %d CPUs%n", h.host(), h.availableBytes() >> 20,
        h.load1(), h.cpus()));
    output.printf("  %-20s %-10s %-14s %s%n", "CONTAINER", "TO", "STRATEGY", "PRE-FLIGHT");
    for (PlannedMove m : plan.moves()) {
      output.printf("  %-20s %-10s %-14s %s%s%n", m.container(), m.target().orElse("-"),
          m.strategy().map(s -> s.strategy().label()).orElse("-"), m.verdict(), m.included() ? "" : " (left out)");
    }
  }
}
