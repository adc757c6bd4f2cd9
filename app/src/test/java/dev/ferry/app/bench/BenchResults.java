package dev.ferry.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes bench/app-results.json (every run so far, newest last) and bench/app-results.md (a table of
 * the runs and the newest run's conditions, long pulses and drags), so the figures travel with the code.
 */
final class BenchResults {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchResults() {}

  @SuppressWarnings("unchecked")
  static void write(Path dir, Map<String, Object> run) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("app-results.json");
    List<Map<String, Object>> runs = new ArrayList<>();
    if (Files.exists(json)) {
      Map<String, Object> old = JSON.readValue(json.toFile(), Map.class);
      runs.addAll((List<Map<String, Object>>) old.getOrDefault("runs", List.of()));
    }
    runs.add(run);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("benchmark", "issue #8 app performance: 10 host panes x 50 containers, FX pulse gaps and resident memory over 60 s");
    all.put("command", "./ferry bench-app");
    all.put("targets", Map.of("maxPulseGapMs", 50, "rssMb", 350, "dragToVerdictsMs", 100));
    all.put("runs", runs);
    JSON.writeValue(json.toFile(), all);
    Files.writeString(dir.resolve("app-results.md"), markdown(runs));
    System.out.println("ferry: wrote " + json + " and " + dir.resolve("app-results.md"));
    System.out.println(JSON.writeValueAsString(run));
  }

  @SuppressWarnings("unchecked")
  private static String markdown(List<Map<String, Object>> runs) {
    StringBuilder b = new StringBuilder();
    b.append("# App benchmark (issue #8): 10 host panes x 50 containers\n\n");
    b.append("Written by `./ferry bench-app` (app/src/test/java/dev/ferry/app/bench/AppBenchmark.java). Targets: no FX pulse gap")
        .append(" over 50 ms during 60 s; resident memory under 350 MB; drag start to every pane's verdict under 100 ms.\n\n");
    b.append("| date (UTC) | label | real / recorded panes | cards | load avg before | pulses | max gap | p99 gap | gaps > 50 ms | FX-thread CPU per gap p99 / max | RSS max | VmHWM | GCs (ms) | drag to verdicts rendered (max) | targets |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : runs) {
      List<Map<String, Object>> panes = (List<Map<String, Object>>) r.get("panes");
      long real = panes.stream().filter(p -> String.valueOf(p.get("source")).startsWith("real")).count();
      int cards = panes.stream().mapToInt(p -> ((Number) p.get("cards")).intValue()).sum();
      Map<String, Object> p = (Map<String, Object>) r.get("pulses");
      Map<String, Object> m = (Map<String, Object>) r.get("memory");
      Map<String, Object> t = (Map<String, Object>) r.get("targets");
      Map<String, Object> c = (Map<String, Object>) r.get("conditions");
      b.append(String.format(Locale.ROOT, "| %s | %s | %d / %d | %d | %.1f | %s | %s ms | %s ms | %s | %s / %s ms | %s MB | %s MB | %s (%s) | %s | gap %s, RSS %s |\n",
          r.get("date"), r.get("label"), real, panes.size() - real, cards, ((Number) c.get("loadAverageBefore")).doubleValue(), p.get("pulses"),
          p.get("maxGapMs"), p.get("p99GapMs"), p.get("gapsOver50Ms"), p.get("fxThreadCpuPerGapP99Ms"), p.get("fxThreadCpuPerGapMaxMs"), m.get("rssMaxMb"), m.get("vmHwmMb"), m.get("gcCount"), m.get("gcTimeMs"), dragMax(r),
          Boolean.TRUE.equals(t.get("maxGapAtMost50Ms")) ? "ok" : "MISSED", Boolean.TRUE.equals(t.get("rssUnder350Mb")) ? "ok" : "MISSED"));
    }
    Map<String, Object> last = runs.get(runs.size() - 1);
    b.append("\n## Newest run: conditions\n\n```\n").append(json(last.get("conditions"))).append("\n```\n");
    b.append("\n## Newest run: panes (real = a lab host over SSH with its real containers; recorded = a real host's metrics")
        .append(" stream replayed through MetricsStream, containers multiplied)\n\n```\n").append(json(last.get("panes"))).append("\n```\n");
    b.append("\n## Newest run: pulses, memory, drags\n\n```\n").append(json(last.get("pulses"))).append('\n')
        .append(json(last.get("memory"))).append('\n').append(json(last.get("drag"))).append("\n```\n");
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static String dragMax(Map<String, Object> r) {
    Map<String, Object> d = (Map<String, Object>) r.get("drag");
    if (d == null || !Boolean.TRUE.equals(d.get("done"))) {
      return "not measured";
    }
    List<Map<String, Object>> each = (List<Map<String, Object>>) d.get("drags");
    double max = 0;
    int missing = 0;
    for (Map<String, Object> e : each) {
      Object v = e.get("verdictsRenderedMs");
      if (v == null) {
        missing++;
      } else {
        max = Math.max(max, ((Number) v).doubleValue());
      }
    }
    double vm = 0;
    for (Map<String, Object> e : each) {
      Object v = e.get("viewModelPathVerdictsRenderedMs");
      vm = v == null ? vm : Math.max(vm, ((Number) v).doubleValue());
    }
    return String.format(Locale.ROOT, "pointer %.1f ms of %d drags%s; view-model path %.1f ms", max, each.size() - missing,
        missing > 0 ? " (" + missing + " not reached)" : "", vm);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      return String.valueOf(o);
    }
  }
}
