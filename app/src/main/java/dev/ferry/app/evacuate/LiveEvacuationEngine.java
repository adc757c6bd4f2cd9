package dev.ferry.app.evacuate;

import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.evacuate.Evacuation;
import dev.ferry.engine.evacuate.EvacuationListener;
import dev.ferry.engine.evacuate.EvacuationPlan;
import dev.ferry.engine.evacuate.EvacuationPlanner;
import dev.ferry.engine.evacuate.EvacuationSummary;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.util.EngineThreads;
import java.util.List;

/** An evacuation of one host onto the other connected hosts of the window, with the engine's planner. Executor threads only. */
final class LiveEvacuationEngine implements EvacuationEngine {
  private final EvacuationPlanner planner;
  private final EngineThreads threads;
  private final ReportStore reports;
  private volatile Evacuation running;
  private volatile boolean stopWanted;

  LiveEvacuationEngine(HostFactsCache facts, String source, EngineThreads threads, ReportStore reports) {
    List<String> others = facts.hosts().stream().filter(h -> !h.equals(source) && facts.connected(h)).toList();
    this.planner = new EvacuationPlanner(facts.session(source), others.stream().map(facts::session).toList(), threads);
    this.threads = threads;
    this.reports = reports;
  }

  @Override
  public EvacuationPlan plan() {
    return planner.plan();
  }

  @Override
  public EvacuationPlan retarget(EvacuationPlan plan, String container, String target) {
    return planner.retarget(plan, container, target);
  }

  @Override
  public EvacuationSummary run(EvacuationPlan plan, EvacuationListener listener) {
    Evacuation e = new Evacuation(plan, planner, threads, reports);
    e.addListener(listener);
    running = e;
    if (stopWanted) {
      e.stop();
    }
    return e.run();
  }

  @Override
  public void stop() {
    stopWanted = true;
    Evacuation e = running;
    if (e != null) {
      e.stop();
    }
  }
}
