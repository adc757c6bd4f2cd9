package dev.ferry.app.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The app benchmark's command line. Defaults are issue #8's case: 10 panes of 50 containers for 60 s.
 *
 * @param real lab or ssh-config hosts shown as real panes (over SSH); the other panes are recorded
 * @param recording the metrics recording the recorded panes play (bench/recordings/*.metrics)
 * @param drags real pointer drags timed after the measurement (0: none)
 */
record BenchOptions(List<String> real, int panes, int containers, int seconds, Duration settle, Path recording, Path outDir,
    int drags, String label) {
  static final String USAGE = "usage: AppBenchmark [--real HOST,HOST] [--panes 10] [--containers 50] [--seconds 60] [--settle 10]"
      + " [--recording FILE] [--out DIR] [--drags 5] [--label TEXT]";

  BenchOptions {
    if (panes < 1 || containers < 1 || seconds < 1 || real.size() > panes) {
      throw new IllegalArgumentException("bad benchmark options: " + real + " real of " + panes + " panes, " + containers
          + " containers, " + seconds + " s. " + USAGE);
    }
  }

  static BenchOptions parse(List<String> args) {
    List<String> real = List.of("ferry-a", "ferry-b");
    int panes = 10;
    int containers = 50;
    int seconds = 60;
    int settle = 10;
    int drags = 5;
    Path recording = Path.of("bench/recordings/ferry-a.metrics");
    Path out = Path.of("bench");
    String label = "";
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String v = i + 1 < args.size() ? args.get(i + 1) : null;
      if (v == null) {
        throw new IllegalArgumentException(a + " needs a value. " + USAGE);
      }
      i++;
      switch (a) {
        case "--real" -> real = v.isBlank() ? List.of() : Arrays.asList(v.split(","));
        case "--panes" -> panes = Integer.parseInt(v);
        case "--containers" -> containers = Integer.parseInt(v);
        case "--seconds" -> seconds = Integer.parseInt(v);
        case "--settle" -> settle = Integer.parseInt(v);
        case "--drags" -> drags = Integer.parseInt(v);
        case "--recording" -> recording = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--label" -> label = v;
        default -> throw new IllegalArgumentException("unknown option '" + a + "'. " + USAGE);
      }
    }
    return new BenchOptions(List.copyOf(real), panes, containers, seconds, Duration.ofSeconds(settle), recording, out, drags, label);
  }
}
