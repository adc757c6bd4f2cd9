package dev.ferry.app.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long this process's threads ran and how long they sat runnable waiting for a CPU, from the
 * kernel's /proc/self/task/TID/schedstat (ns on CPU, ns waiting on the run queue, time slices). Waiting
 * time is what a busy machine adds to a pulse gap, apart from the app's own work.
 */
final class SchedStats {
  /** ns on CPU and ns runnable-but-waiting, summed per thread name prefix (comm, 15 characters). */
  static Map<String, long[]> snapshot() {
    Map<String, long[]> out = new LinkedHashMap<>();
    out.put("all", new long[2]);
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String comm;
        String[] f;
        try {
          comm = Files.readString(t.resolve("comm")).strip();
          f = Files.readString(t.resolve("schedstat")).strip().split("\\s+");
        } catch (IOException gone) {
          continue;
        }
        long run = Long.parseLong(f[0]);
        long wait = Long.parseLong(f[1]);
        add(out, "all", run, wait);
        add(out, group(comm), run, wait);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/task: " + e.getMessage(), e);
    }
    return out;
  }

  private static String group(String comm) {
    if (comm.startsWith("JavaFX Applicat") || comm.startsWith("GtkNativeMainLo")) {
      return "fxThread";
    }
    if (comm.startsWith("QuantumRenderer")) {
      return "renderer";
    }
    return "other";
  }

  private static void add(Map<String, long[]> m, String key, long run, long wait) {
    long[] v = m.computeIfAbsent(key, k -> new long[2]);
    v[0] += run;
    v[1] += wait;
  }

  /** Per group: percent of one core on CPU, and percent of the wall time spent runnable but waiting. */
  static Map<String, Object> between(Map<String, long[]> before, Map<String, long[]> after, double wallSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    after.forEach((k, v) -> {
      long[] b = before.getOrDefault(k, new long[2]);
      out.put(k, Map.of("onCpuPercentOfOneCore", AppBenchmark.round(100.0 * (v[0] - b[0]) / 1e9 / wallSeconds),
          "waitingForCpuPercentOfWall", AppBenchmark.round(100.0 * (v[1] - b[1]) / 1e9 / wallSeconds)));
    });
    return out;
  }
}
