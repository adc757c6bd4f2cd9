package dev.ferry.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workload's tick log (native/workloads/README.md) read for the benchmark: its {@code tick <seq>
 * <realtime_ms>} lines and, for the memory workload, the {@code gap} and {@code verify} lines it writes
 * when it finds it was frozen. The freeze it felt is the largest gap between two consecutive ticks
 * around a move.
 */
record WorkloadLog(int starts, List<long[]> ticks, List<Verify> verifies) {
  /** A verification the workload ran after finding a gap: when (the tick before it), how long, and whether memory was intact. */
  record Verify(long afterTickMs, long ms, boolean ok) {}

  static WorkloadLog parse(String text) {
    int starts = 0;
    List<long[]> ticks = new ArrayList<>();
    List<Verify> verifies = new ArrayList<>();
    boolean afterGap = false;
    for (String line : text.lines().toList()) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "start" -> starts++;
        case "tick" -> {
          if (f.length >= 3) {
            ticks.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
          }
        }
        case "gap" -> afterGap = true;
        case "verify" -> {
          if (afterGap) {
            long before = ticks.isEmpty() ? 0 : ticks.get(ticks.size() - 1)[1];
            verifies.add(new Verify(before, field(line, "ms"), f.length > 1 && f[1].equals("ok")));
            afterGap = false;
          }
        }
        default -> { }
      }
    }
    return new WorkloadLog(starts, ticks, verifies);
  }

  private static long field(String line, String key) {
    for (String f : line.split(" ")) {
      if (f.startsWith(key + "=")) {
        return Long.parseLong(f.substring(key.length() + 1));
      }
    }
    return -1;
  }

  /** The largest gap between consecutive ticks of which the later one came after {@code fromMs} and the earlier one before {@code toMs}. */
  long largestGap(long fromMs, long toMs) {
    long max = 0;
    for (int i = 1; i < ticks.size(); i++) {
      long prev = ticks.get(i - 1)[1];
      long next = ticks.get(i)[1];
      if (next >= fromMs && prev <= toMs) {
        max = Math.max(max, next - prev);
      }
    }
    return max;
  }

  /**
   * Sequence numbers go up by one from the first tick to the last, and the workload started at most once in
   * what was read (a tail of the log may not reach back to its start): nothing restarted or lost.
   */
  boolean continuous() {
    for (int i = 1; i < ticks.size(); i++) {
      if (ticks.get(i)[0] != ticks.get(i - 1)[0] + 1) {
        return false;
      }
    }
    return starts <= 1;
  }

  boolean tickedAfter(long ms) {
    return !ticks.isEmpty() && ticks.get(ticks.size() - 1)[1] > ms;
  }

  /** The verification after the gap that began between {@code fromMs} and {@code toMs}. */
  Optional<Verify> verifyAfter(long fromMs, long toMs) {
    return verifies.stream().filter(v -> v.afterTickMs() >= fromMs - BenchWorkload.TICK_MS * 5L && v.afterTickMs() <= toMs).findFirst();
  }
}
