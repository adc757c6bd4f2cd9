package dev.ferry.engine.metrics;

import java.util.ArrayList;
import java.util.List;

/** Sampler output written by hand, in the wire format, for tests that need a stream of ticks. */
final class SampleLines {
  private SampleLines() {}

  static List<String> header() {
    return List.of("ferry-metrics 1", "cpus 2", "cgroup v2");
  }

  /** Tick {@code n}: uptime n seconds, 10 jiffies busy of 100 per tick, container CPU at 50% of a core. */
  static List<String> tick(int n, String... containers) {
    List<String> lines = new ArrayList<>(List.of("t " + n + ".00", "cpu " + 10 * n + " 0 0 " + 90 * n + " 0 0 0 0",
        "load 0.10 0.20 0.30", "mem 1000 400", "net " + 1000 * n + " " + 10 * n));
    for (String c : containers) {
      lines.add("c " + c + " " + 500_000_000L * n + " " + 4096 * n + " 1");
    }
    lines.add(".");
    return lines;
  }
}
