package dev.ferry.e2e.workloads;

import java.util.ArrayList;
import java.util.List;

/**
 * The tick logs of the lab workloads (native/workloads/README.md): {@code start <pid> <ms>} once,
 * then {@code tick <seq> <realtime_ms> ...}. Continuity after a checkpoint or migration is judged
 * from them: one start (no restart), contiguous sequence numbers, and the largest wall-clock gap.
 */
public record TickLog(int starts, List<Long> seqs, List<Long> stamps, List<String> lines) {

  public static TickLog parse(String text) {
    int starts = 0;
    List<Long> seqs = new ArrayList<>();
    List<Long> stamps = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f[0].equals("start")) {
        starts++;
      } else if (f[0].equals("tick") && f.length >= 3) {
        seqs.add(Long.parseLong(f[1]));
        stamps.add(Long.parseLong(f[2]));
      }
    }
    return new TickLog(starts, seqs, stamps, lines);
  }

  public boolean contiguous() {
    for (int i = 1; i < seqs.size(); i++) {
      if (seqs.get(i) != seqs.get(i - 1) + 1) {
        return false;
      }
    }
    return true;
  }

  /** The largest gap between consecutive ticks, in milliseconds of wall-clock time. */
  public long maxGapMillis() {
    long max = 0;
    for (int i = 1; i < stamps.size(); i++) {
      max = Math.max(max, stamps.get(i) - stamps.get(i - 1));
    }
    return max;
  }

  public long lastSeq() {
    return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
  }

  public long ticksAfter(long realtimeMillis) {
    return stamps.stream().filter(s -> s > realtimeMillis).count();
  }
}
