package dev.ferry.engine.evacuate;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerRuntime;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.Runtimes;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link EvacuationPlan}: one migration at a time, in plan order, each with the strategy its
 * pre-flight chose. A container whose migration fails stays on the source (the migration undoes itself)
 * and the rest carry on. {@link #stop()} lets the migration under way finish and moves no more. At the
 * end every host involved is asked which containers it runs, and the summary says what moved, what
 * stayed and why. Each migration's report is saved like any other.
 */
public final class Evacuation {
  private static final Logger LOG = LoggerFactory.getLogger(Evacuation.class);

  private final EvacuationPlan plan;
  private final Function<String, SshHost> hosts;
  private final EngineThreads threads;
  private final ReportStore reports;
  private final List<EvacuationListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  /** {@code hosts} gives the session of each host the plan names (the source and its targets). */
  public Evacuation(EvacuationPlan plan, Function<String, SshHost> hosts, EngineThreads threads, ReportStore reports) {
    this.plan = plan;
    this.hosts = hosts;
    this.threads = threads;
    this.reports = reports;
  }

  /** For a plan made by {@code planner}: its hosts' sessions. */
  public Evacuation(EvacuationPlan plan, EvacuationPlanner planner, EngineThreads threads, ReportStore reports) {
    this(plan, planner::host, threads, reports);
  }

  public void addListener(EvacuationListener l) {
    listeners.add(l);
  }

  /** Moves no container after the one under way. */
  public void stop() {
    stopped = true;
  }

  /** Runs to the end on the calling thread. */
  public EvacuationSummary run() {
    SshHost source = hosts.apply(plan.source());
    List<ContainerOutcome> outcomes = new ArrayList<>();
    for (PlannedMove m : plan.moves()) {
      ContainerOutcome o = runOne(source, m);
      outcomes.add(o);
      listeners.forEach(l -> l.containerEnded(o));
    }
    EvacuationSummary summary = new EvacuationSummary(plan.source(), placed(outcomes));
    LOG.info("evacuate {}: {}", plan.source(), summary.describe().replace('\n', ' '));
    listeners.forEach(l -> l.evacuationFinished(summary));
    return summary;
  }

  private ContainerOutcome runOne(SshHost source, PlannedMove m) {
    if (!m.included()) {
      return stayed(m, "left out of the plan");
    }
    if (m.blockedBecause().isPresent()) {
      return stayed(m, m.blockedBecause().get());
    }
    if (stopped) {
      return stayed(m, "the evacuation was stopped before its turn");
    }
    String target = m.target().orElseThrow();
    Migration migration = new Migration(source, hosts.apply(target),
        new MigrationRequest(ContainerName.of(m.container()), m.strategy().map(s -> s.strategy()), false), threads);
    for (MigrationListener l : listeners) {
      migration.addListener(l);
    }
    listeners.forEach(l -> l.containerStarted(m, migration.id()));
    MigrationReport r = migration.run();
    try {
      reports.save(r);
    } catch (RuntimeException e) {
      LOG.warn("evacuate {}: the report of {} could not be saved: {}", plan.source(), m.container(), e.getMessage());
    }
    boolean moved = r.outcome() == MigrationReport.Outcome.MIGRATED || r.outcome() == MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS;
    String why = moved ? "" : r.failure() == null ? r.outcome().name().toLowerCase(java.util.Locale.ROOT) : r.failure().summary();
    return new ContainerOutcome(m.container(), Optional.of(target), moved, why, List.of(), Optional.of(r.id()));
  }

  private static ContainerOutcome stayed(PlannedMove m, String why) {
    return new ContainerOutcome(m.container(), m.target(), false, why, List.of(), Optional.empty());
  }

  /** Asks the source and every target which containers they run, and notes each outcome's hosts. */
  private List<ContainerOutcome> placed(List<ContainerOutcome> outcomes) {
    Set<String> asked = new LinkedHashSet<>();
    asked.add(plan.source());
    plan.moves().forEach(m -> m.target().ifPresent(asked::add));
    List<List<String>> running = new ArrayList<>();
    List<String> names = List.copyOf(asked);
    for (String h : names) {
      running.add(runningOn(hosts.apply(h)));
    }
    List<ContainerOutcome> out = new ArrayList<>();
    for (ContainerOutcome o : outcomes) {
      List<String> where = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (running.get(i).contains(o.container())) {
          where.add(names.get(i));
        }
      }
      out.add(o.foundOn(where));
    }
    return out;
  }

  private static List<String> runningOn(SshHost host) {
    List<String> names = new ArrayList<>();
    try {
      for (ContainerRuntime r : Runtimes.on(host)) {
        for (ContainerInfo c : r.list()) {
          if (c.state() == ContainerState.RUNNING) {
            names.add(c.id());
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("evacuate: could not ask {} which containers it runs: {}", host.name(), e.getMessage());
    }
    return names;
  }
}
