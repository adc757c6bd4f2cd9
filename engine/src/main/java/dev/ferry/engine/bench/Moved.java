package dev.ferry.engine.bench;

import java.util.Map;

/**
 * What a method reported about one move, before the workload's own view is added: the move's window on
 * the wall clock (the freeze can only have started at or after {@code freezeFromMs}), the method's own
 * frozen time and phases, and CRIU's figures. {@code outcome} is {@code ok}, {@code failed} or {@code refused}.
 */
record Moved(
    String outcome,
    String reason,
    long startMs,
    long freezeFromMs,
    long endMs,
    Long methodFrozenMs,
    Map<String, Long> phasesMs,
    Long lastPageMs,
    String strategyUsed,
    Long bytesMoved,
    Double copyMBps,
    BenchRun.Criu criu) {

  static Moved notOk(String outcome, String reason, long startMs) {
    long now = System.currentTimeMillis();
    return new Moved(outcome, reason, startMs, startMs, now, null, Map.of(), null, null, null, null, null);
  }

  boolean ok() {
    return outcome.equals("ok");
  }
}
