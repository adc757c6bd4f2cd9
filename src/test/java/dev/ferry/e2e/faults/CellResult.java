package dev.ferry.e2e.faults;

import java.util.List;

/**
 * One cell of the fault matrix as it ended, from asking both hosts: the engine's outcome and words,
 * what recovery by the next client said (when it was needed), where the container runs (a host, "NOWHERE" or "BOTH"), how long the workload felt frozen (the
 * largest gap in its realtime ticks) beside the engine's own figure, and every broken promise.
 */
record CellResult(
    String fault,
    String phase,
    String strategy,
    String workload,
    boolean injected,
    String outcome,
    String recovery,
    String runsOn,
    long frozenTicksMillis,
    long frozenEngineMillis,
    long seconds,
    String summary,
    List<String> problems,
    String engine,
    String finishedAt) {

  boolean passed() {
    return problems.isEmpty();
  }

  /**
   * The container ran on no host, or on two, when the cell ended; one killed by its host's power cut
   * counts as lost too unless everything else about the cell held (no copy elsewhere, files kept, said so).
   */
  boolean lost() {
    return !runsOn.startsWith("ferry-") && !(diedWithHost() && passed());
  }

  /** A power cut of the source killed the container's processes before a complete copy of them existed. */
  boolean diedWithHost() {
    return runsOn.startsWith(Verdict.DIED_WITH);
  }
}
