package dev.ferry.app.evacuate;

import dev.ferry.engine.evacuate.EvacuationListener;
import dev.ferry.engine.evacuate.EvacuationPlan;
import dev.ferry.engine.evacuate.EvacuationSummary;

/**
 * The engine calls an evacuation makes, each blocking, so the view model runs them through its
 * executor: the plan, one container checked again for another host, and the run. {@link LiveEvacuationEngine}
 * uses the engine's planner and evacuation over the hosts' sessions; view-model tests script one.
 */
interface EvacuationEngine {
  EvacuationPlan plan();

  EvacuationPlan retarget(EvacuationPlan plan, String container, String target);

  /** Runs the plan; {@code listener} hears it on engine threads. */
  EvacuationSummary run(EvacuationPlan plan, EvacuationListener listener);

  /** Moves no container after the one under way. */
  void stop();
}
