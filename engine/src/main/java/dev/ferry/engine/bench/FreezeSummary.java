package dev.ferry.engine.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runs of the freeze benchmark, summed up per workload and method: median, minimum and maximum of
 * the freeze the workload felt, the medians of what the method and CRIU report beside it, each phase's
 * median, and the felt median's ratio to the user's script and to Podman on the same workload.
 */
public record FreezeSummary(List<Row> rows) {
  /** One workload and method. Times in milliseconds; null where nothing was measured. */
  public record Row(String workload, String method, int runs, int ok, String note, Long feltMedianMs, Long feltMinMs, Long feltMaxMs,
      Long methodFrozenMedianMs, Long criuFrozenMedianMs, Long criuRestoreMedianMs, Long lastPageMedianMs, Long verifyMedianMs,
      Long pagesWrittenMedian, Double copyMBpsMedian, Double ratioToScript, Double ratioToPodman, Map<String, Long> phaseMediansMs) {}

  public static List<BenchRun> readRuns(Path file) throws IOException {
    return JsonLines.read(file, BenchRun.class);
  }

  public static FreezeSummary of(List<BenchRun> runs) {
    Map<String, Map<String, List<BenchRun>>> byWorkload = new LinkedHashMap<>();
    for (BenchRun r : runs) {
      byWorkload.computeIfAbsent(r.workload(), k -> new LinkedHashMap<>()).computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
    }
    List<Row> rows = new ArrayList<>();
    byWorkload.forEach((workload, byMethod) -> {
      Long script = feltMedian(byMethod.get(BenchMethod.SCRIPT.label()));
      Long podman = feltMedian(byMethod.get(BenchMethod.PODMAN.label()));
      for (BenchMethod m : BenchMethod.values()) {
        List<BenchRun> these = byMethod.get(m.label());
        if (these != null) {
          rows.add(row(workload, m.label(), these, script, podman));
        }
      }
    });
    return new FreezeSummary(rows);
  }

  private static Row row(String workload, String method, List<BenchRun> runs, Long script, Long podman) {
    List<BenchRun> ok = runs.stream().filter(BenchRun::ok).toList();
    String note = runs.stream().filter(r -> !r.ok()).map(r -> r.outcome() + ": " + r.reason()).distinct().reduce((a, b) -> a + "; " + b)
        .orElse("");
    Long felt = median(ok, BenchRun::feltFreezeMs);
    Map<String, Long> phases = new LinkedHashMap<>();
    LinkedHashSet<String> names = new LinkedHashSet<>();
    ok.forEach(r -> names.addAll(r.phasesMs() == null ? List.of() : r.phasesMs().keySet()));
    for (String n : names) {
      phases.put(n, median(ok, r -> r.phasesMs().get(n)));
    }
    return new Row(workload, method, runs.size(), ok.size(), note, felt, min(ok, BenchRun::feltFreezeMs), max(ok, BenchRun::feltFreezeMs),
        median(ok, BenchRun::methodFrozenMs), median(ok, r -> us(r, BenchRun.Criu::frozenUs)), median(ok, r -> us(r, BenchRun.Criu::restoreUs)),
        median(ok, BenchRun::lastPageMs), median(ok, BenchRun::verifyAfterResumeMs),
        median(ok, r -> r.criu() == null ? null : r.criu().pagesWritten()), medianDouble(ok, BenchRun::copyMBps), ratio(felt, script),
        ratio(felt, podman), phases);
  }

  private static Long us(BenchRun r, Function<BenchRun.Criu, Long> f) {
    return r.criu() == null || f.apply(r.criu()) == null ? null : f.apply(r.criu()) / 1000;
  }

  private static Long feltMedian(List<BenchRun> runs) {
    return runs == null ? null : median(runs.stream().filter(BenchRun::ok).toList(), BenchRun::feltFreezeMs);
  }

  private static Double ratio(Long a, Long b) {
    return a == null || b == null || b == 0 ? null : Math.round(a * 100.0 / b) / 100.0;
  }

  /** The median (the mean of the two middle values for an even count), or null with no values. */
  static Long median(List<BenchRun> runs, Function<BenchRun, Long> f) {
    List<Long> v = runs.stream().map(f).filter(Objects::nonNull).sorted().toList();
    if (v.isEmpty()) {
      return null;
    }
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : Math.round((v.get(n / 2 - 1) + v.get(n / 2)) / 2.0);
  }

  private static Double medianDouble(List<BenchRun> runs, Function<BenchRun, Double> f) {
    List<Double> v = runs.stream().map(f).filter(Objects::nonNull).sorted().toList();
    if (v.isEmpty()) {
      return null;
    }
    int n = v.size();
    double m = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return Math.round(m * 10) / 10.0;
  }

  private static Long min(List<BenchRun> runs, Function<BenchRun, Long> f) {
    return runs.stream().map(f).filter(Objects::nonNull).min(Long::compare).orElse(null);
  }

  private static Long max(List<BenchRun> runs, Function<BenchRun, Long> f) {
    return runs.stream().map(f).filter(Objects::nonNull).max(Long::compare).orElse(null);
  }

  public Optional<Row> row(String workload, BenchMethod method) {
    return rows.stream().filter(r -> r.workload().equals(workload) && r.method().equals(method.label())).findFirst();
  }

  public List<String> workloads() {
    return rows.stream().map(Row::workload).distinct().toList();
  }
}
