package dev.ferry.engine.bench;

import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the benchmark's summary: freeze-results.json (conditions and one row per workload and method),
 * freeze-results.md (the same as tables: the freeze felt, beside what the method and CRIU report, and each
 * phase's median), the runs as CSV, and the charts.
 */
public final class FreezeReport {
  private FreezeReport() {}

  record Results(List<BenchConditions> conditions, List<FreezeSummary.Row> rows) {}

  /**
   * Writes the summary of the runs into dir (beside freeze-runs.jsonl): freeze-results.json and .md, the runs as
   * freeze-runs.csv, and the charts as SVG and PNG; returns the files written, the PNG charts last.
   */
  public static List<Path> write(Path dir, List<BenchConditions> conditions, List<BenchRun> runs, FreezeSummary summary) throws IOException {
    Path json = dir.resolve("freeze-results.json");
    Path md = dir.resolve("freeze-results.md");
    Path csv = dir.resolve("freeze-runs.csv");
    Files.writeString(json, Json.write(new Results(conditions, summary.rows())) + "\n");
    Files.writeString(csv, RunsCsv.of(runs));
    StringBuilder s = new StringBuilder("# Freeze benchmark: the runs summed up\n\n")
        .append("Written by `./ferry bench` from the runs in `freeze-runs.jsonl` (the same as CSV: `freeze-runs.csv`); the sittings it holds:\n\n");
    conditions.forEach(c -> s.append("- ").append(conditionLine(c)).append('\n'));
    s.append('\n').append(LEGEND).append('\n');
    for (String w : summary.workloads()) {
      s.append("## ").append(w).append(" (").append(describe(w)).append(")\n\n").append(table(summary, w)).append('\n')
          .append(phaseTable(summary, w)).append('\n');
    }
    List<Path> charts = BenchCharts.write(dir, summary, BenchmarksDoc.PHASE_CHARTS);
    charts.forEach(c -> s.append("![").append(c.getFileName()).append("](").append(c.getFileName()).append(")\n\n"));
    Files.writeString(md, s.toString());
    List<Path> written = new ArrayList<>(List.of(json, md, csv));
    written.addAll(charts);
    return written;
  }

  static final String LEGEND = """
      *felt*: the largest gap between the workload's realtime ticks (every 20 ms) around the move, or for the web server \
      the longest wait of a client request under way during it; median (min-max) over the runs. *method's frozen*: what \
      the method itself counts (Ferry's report; for the script and Podman, from the checkpoint's start to the restore's \
      end). *CRIU frozen*: CRIU's own frozen_time in its dump statistics (none for Ferry's post-copy, whose lazy dump does \
      not fill it in). *last page*: post-copy only, from the freeze's start until the last page had arrived. *x script*, \
      *x podman*: the felt median over the user's script's and Podman's on the same workload.
      """;

  static String conditionLine(BenchConditions c) {
    return String.format(Locale.ROOT, "%s: %d CPUs, kernel %s, link %s; %s, %s, %s; %d rounds of %s on %s", c.at(), c.cpus(), c.kernel(),
        c.link(), c.criu(), c.runc(), c.podman(), c.rounds(), String.join(" ", c.methods()), String.join(" ", c.workloads()));
  }

  static String describe(String workload) {
    try {
      return BenchWorkload.parse(workload).describe();
    } catch (IllegalArgumentException e) {
      return workload;
    }
  }

  static String table(FreezeSummary summary, String w) {
    StringBuilder s = new StringBuilder(
        "| method | runs ok | felt median (min-max) ms | method's frozen ms | CRIU frozen ms | CRIU restore ms | last page ms | check after resume ms | x script | x podman | note |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (FreezeSummary.Row r : summary.rows()) {
      if (!r.workload().equals(w)) {
        continue;
      }
      s.append("| ").append(r.method()).append(" | ").append(r.ok()).append('/').append(r.runs()).append(" | ")
          .append(r.feltMedianMs() == null ? "-" : r.feltMedianMs() + " (" + r.feltMinMs() + "-" + r.feltMaxMs() + ")").append(" | ")
          .append(dash(r.methodFrozenMedianMs())).append(" | ").append(dash(r.criuFrozenMedianMs())).append(" | ")
          .append(dash(r.criuRestoreMedianMs())).append(" | ").append(dash(r.lastPageMedianMs())).append(" | ")
          .append(dash(r.verifyMedianMs())).append(" | ").append(dash(r.ratioToScript())).append(" | ").append(dash(r.ratioToPodman()))
          .append(" | ").append(r.note().replace("|", "/")).append(" |\n");
    }
    return s.toString();
  }

  static String phaseTable(FreezeSummary summary, String w) {
    StringBuilder s = new StringBuilder("| method | phases, median ms | copy MB/s | pages written (CRIU) |\n|---|---|---|---|\n");
    for (FreezeSummary.Row r : summary.rows()) {
      if (r.workload().equals(w) && r.ok() > 0) {
        s.append("| ").append(r.method()).append(" | ").append(phases(r.phaseMediansMs())).append(" | ").append(dash(r.copyMBpsMedian()))
            .append(" | ").append(dash(r.pagesWrittenMedian())).append(" |\n");
      }
    }
    return s.toString();
  }

  static String phases(Map<String, Long> p) {
    return p.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("-");
  }

  static String dash(Object o) {
    return o == null ? "-" : o.toString();
  }
}
