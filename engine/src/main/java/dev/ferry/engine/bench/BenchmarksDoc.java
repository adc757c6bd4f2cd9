package dev.ferry.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BENCHMARKS.md: the table of the freeze each workload felt under each method, the ratios to the user's
 * script and to Podman, which of issue #11's targets for shortening the freeze hold on these figures,
 * and where the time goes phase by phase. Everything but the hand-written notes is computed from the runs.
 */
public final class BenchmarksDoc {
  // vzctl 4.7's average total suspended time, idle container, two VMs on one box (field notes §2): cited, not measured here.
  static final long VZMIGRATE_FROZEN_MS = 3377;
  static final long PAGE_BYTES = 4096;
  // The workloads whose phases are drawn: the comparison case and its 1 GiB target.
  static final List<String> PHASE_CHARTS = List.of("idle", "mem256-all-1000", "mem1024-hot-1000");
  private static final Pattern RATE = Pattern.compile("rate (\\d+(?:\\.\\d+)?)(gbit|mbit|kbit)");

  private BenchmarksDoc() {}

  /** Writes BENCHMARKS.md for the sitting whose files (runs, summary, charts) are in resultsDir. */
  public static void write(Path file, Path notes, List<BenchConditions> conditions, FreezeSummary s, Path resultsDir) throws IOException {
    String rel = file.toAbsolutePath().getParent().relativize(resultsDir.toAbsolutePath()).toString().replace('\\', '/') + "/";
    StringBuilder d = new StringBuilder("# Benchmarks: the freeze, measured against what users would otherwise do\n\n")
        .append("Written by `./ferry bench` (issue #11) from the runs in `").append(rel).append("freeze-runs.jsonl` (also as CSV, `")
        .append(rel).append("freeze-runs.csv`); summary in `").append(rel).append("freeze-results.md`.\n\n")
        .append("## Conditions\n\n");
    conditions.forEach(c -> d.append("- ").append(FreezeReport.conditionLine(c)).append('\n'));
    d.append("""

        Methods take turns on each workload (A B C A B C ...), so a slow moment of the shared 2-core machine falls on all of \
        them alike. *ferry-auto*, *stop-and-copy*, *post-copy*, *pre-copy*: Ferry's engine with its own choice or that \
        strategy. *script*: what a user would write around runc: `runc checkpoint`, then `tar` of the bundle and images over \
        a new `ssh` from host to host, and `runc restore` there. *podman*: a Podman container of the same workload moved as \
        Podman's users do it: `podman container checkpoint --export`, `scp`, `podman container restore --import` over a new \
        `ssh`. Host-to-host traffic crosses the lab's shaped link; web clients run in the lab's router namespace.

        """).append(FreezeReport.LEGEND).append("\n## The freeze as the workload felt it, median (min-max) in ms\n\n");
    d.append(mainTable(s)).append(reasons(s));
    for (String c : BenchCharts.names(s, PHASE_CHARTS)) {
      d.append("\n![").append(c).append("](").append(rel).append(c).append(".png)\n");
    }
    d.append("\n## Ratios of the felt medians\n\n").append(ratioTable(s)).append("\n## Issue #11's targets for part 2, on these figures\n\n")
        .append(targets(s, linkMBps(conditions))).append("\n## Where the time goes, phase by phase (medians, ms)\n\n").append(story(s));
    if (notes != null && Files.exists(notes)) {
      d.append('\n').append(Files.readString(notes).strip()).append('\n');
    }
    d.append("\n## Not measured here\n\n- vzmigrate (vzctl 4.7), idle container: ").append(VZMIGRATE_FROZEN_MS)
        .append(" ms of total suspended time, the OpenVZ team's own figure on two VMs on one box (field notes §2); cited, not measured here.\n");
    Files.writeString(file, d.toString());
  }

  static String mainTable(FreezeSummary s) {
    StringBuilder t = new StringBuilder("| workload |");
    BenchMethod[] ms = BenchMethod.values();
    for (BenchMethod m : ms) {
      t.append(' ').append(m.label()).append(" |");
    }
    t.append("\n|---|").append("---|".repeat(ms.length)).append('\n');
    for (String w : s.workloads()) {
      t.append("| ").append(w).append(" |");
      for (BenchMethod m : ms) {
        t.append(' ').append(s.row(w, m).map(BenchmarksDoc::cell).orElse("")).append(" |");
      }
      t.append('\n');
    }
    return t.toString();
  }

  /** Why a cell is refused, not run or has failures, in the method's or the pre-flight's words. */
  static String reasons(FreezeSummary s) {
    StringBuilder t = new StringBuilder();
    for (FreezeSummary.Row r : s.rows()) {
      if (!r.note().isEmpty()) {
        t.append("- ").append(r.workload()).append(", ").append(r.method()).append(": ").append(r.note().replace("\n", " ")).append('\n');
      }
    }
    return t.isEmpty() ? "" : "\nRefused, not run or failed, in the words of the method or of Ferry's pre-flight:\n\n" + t;
  }

  private static String cell(FreezeSummary.Row r) {
    if (r.ok() == 0) {
      return r.note().startsWith("refused") ? "refused" : r.note().startsWith("not-run") ? "not run" : "failed";
    }
    String c = r.feltMedianMs() + " (" + r.feltMinMs() + "-" + r.feltMaxMs() + ")";
    if (r.lastPageMedianMs() != null) {
      c += ", last page " + r.lastPageMedianMs();
    }
    return r.ok() < r.runs() ? c + ", " + (r.runs() - r.ok()) + " failed" : c;
  }

  static String ratioTable(FreezeSummary s) {
    StringBuilder t = new StringBuilder("| workload | method | felt median ms | x script | x podman |\n|---|---|---|---|---|\n");
    for (FreezeSummary.Row r : s.rows()) {
      if (r.feltMedianMs() != null && r.method().equals(BenchMethod.SCRIPT.label()) == false) {
        t.append("| ").append(r.workload()).append(" | ").append(r.method()).append(" | ").append(r.feltMedianMs()).append(" | ")
            .append(FreezeReport.dash(r.ratioToScript())).append(" | ").append(FreezeReport.dash(r.ratioToPodman())).append(" |\n");
      }
    }
    return t.toString();
  }

  /** The shaped link's rate in MB/s (10^6 bytes), from lab.sh's shape, or empty when unknown. */
  static Optional<Double> linkMBps(List<BenchConditions> conditions) {
    for (BenchConditions c : conditions) {
      Matcher m = RATE.matcher(c.link());
      if (m.find()) {
        double v = Double.parseDouble(m.group(1));
        double bits = switch (m.group(2)) {
          case "gbit" -> v * 1e9;
          case "mbit" -> v * 1e6;
          default -> v * 1e3;
        };
        return Optional.of(bits / 8 / 1e6);
      }
    }
    return Optional.empty();
  }

  static String targets(FreezeSummary s, Optional<Double> link) {
    StringBuilder t = new StringBuilder("| target | figure here | holds? |\n|---|---|---|\n");
    Optional<FreezeSummary.Row> idle = s.row("idle", BenchMethod.FERRY_AUTO);
    t.append("| idle container, workload-felt median <= 200 ms (Ferry auto) | ").append(idle.map(r -> fmt(r.feltMedianMs())).orElse("not run"))
        .append(" | ").append(idle.map(r -> verdict(r.feltMedianMs() != null && r.feltMedianMs() <= 200, r.feltMedianMs())).orElse("not measured"))
        .append(" |\n");
    Optional<FreezeSummary.Row> sc = s.row("mem256-all-1000", BenchMethod.STOP_AND_COPY);
    t.append("| 256 MiB touched after resume, stop-and-copy: <= the link's time for the pages + 300 ms | ");
    if (sc.isPresent() && sc.get().pagesWrittenMedian() != null && link.isPresent() && sc.get().feltMedianMs() != null) {
      long bound = Math.round(sc.get().pagesWrittenMedian() * PAGE_BYTES / (link.get() * 1e6) * 1000) + 300;
      t.append(sc.get().feltMedianMs()).append(" ms against ").append(bound).append(" ms (").append(sc.get().pagesWrittenMedian())
          .append(" pages at ").append(Math.round(link.get())).append(" MB/s, + 300) | ").append(verdict(sc.get().feltMedianMs() <= bound, 1L))
          .append(" |\n");
    } else {
      t.append("not run | not measured |\n");
    }
    Optional<FreezeSummary.Row> hot = s.row("mem1024-hot-1000", BenchMethod.FERRY_AUTO);
    t.append("| 1 GiB, hot 10 %, 1,000 pages/s: <= 1,000 ms and <= 0.1 x the user's script (Ferry auto) | ");
    if (hot.isPresent() && hot.get().feltMedianMs() != null) {
      Double ratio = hot.get().ratioToScript();
      t.append(hot.get().feltMedianMs()).append(" ms, ").append(ratio == null ? "no script figure" : ratio + " x the script").append(" | ")
          .append(verdict(hot.get().feltMedianMs() <= 1000 && ratio != null && ratio <= 0.1, 1L)).append(" |\n");
    } else {
      t.append("not run | not measured |\n");
    }
    t.append("| data path >= 90 % of the shaped link (stop-and-copy's copy of the dump, 256 MiB) | ");
    if (sc.isPresent() && sc.get().copyMBpsMedian() != null && link.isPresent()) {
      double share = sc.get().copyMBpsMedian() / link.get();
      t.append(sc.get().copyMBpsMedian()).append(" MB/s, ").append(String.format(Locale.ROOT, "%.0f %%", share * 100)).append(" of ")
          .append(Math.round(link.get())).append(" MB/s | ").append(verdict(share >= 0.9, 1L)).append(" |\n");
    } else {
      t.append("not run | not measured |\n");
    }
    t.append("| data path unshaped >= raw `ssh HOST 'cat > /dev/null'` between the same hosts | not measured: the lab's link stays shaped"
        + " (its shape is the lab owner's) | not measured |\n");
    return t.toString();
  }

  private static String verdict(boolean holds, Long figure) {
    return figure == null ? "not measured" : holds ? "holds" : "missed";
  }

  private static String fmt(Long ms) {
    return ms == null ? "-" : ms + " ms";
  }

  /** Per workload and method: the phases, and how much of the dump and the restore is CRIU's own work. */
  static String story(FreezeSummary s) {
    StringBuilder t = new StringBuilder("""
        The engine's phases beside CRIU's own figures. *outside CRIU*: the phase that holds the dump (Ferry's freeze_dump, the \
        script's checkpoint, Podman's checkpoint_export) less CRIU's frozen_time, and the restore phase less CRIU's restore_time: \
        what runc, Podman, SSH and Ferry add around CRIU. Ferry's *release* comes after the resume (new connections reach the         destination only then: clients feel it, the processes do not); *lazy_pages* is post-copy's memory arriving after the resume.

        | workload | method | felt | phases | CRIU frozen | CRIU restore | outside CRIU: dump side | outside CRIU: restore side |
        |---|---|---|---|---|---|---|---|
        """);
    for (FreezeSummary.Row r : s.rows()) {
      if (r.ok() == 0) {
        continue;
      }
      Long dump = first(r, "freeze_dump", "checkpoint", "checkpoint_export");
      Long restore = first(r, "restore", "ssh_and_restore_import");
      t.append("| ").append(r.workload()).append(" | ").append(r.method()).append(" | ").append(r.feltMedianMs()).append(" | ")
          .append(FreezeReport.phases(frozenPhases(r))).append(" | ").append(FreezeReport.dash(r.criuFrozenMedianMs())).append(" | ")
          .append(FreezeReport.dash(r.criuRestoreMedianMs())).append(" | ").append(diff(dump, r.criuFrozenMedianMs())).append(" | ")
          .append(diff(restore, r.criuRestoreMedianMs())).append(" |\n");
    }
    return t.toString();
  }

  // The frozen phases, and the two after them that clients and memory feel (the pre-flight, locks and file sync run before the freeze).
  private static final List<String> FELT = List.of("freeze_dump", "copy_fs_delta", "copy_dump", "restore", "release", "lazy_pages",
      "checkpoint", "ssh_and_copy", "checkpoint_export", "scp", "ssh_and_restore_import");

  static java.util.Map<String, Long> frozenPhases(FreezeSummary.Row r) {
    java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
    r.phaseMediansMs().forEach((k, v) -> {
      if (FELT.contains(k)) {
        m.put(k, v);
      }
    });
    return m;
  }

  private static Long first(FreezeSummary.Row r, String... names) {
    List<String> ns = new ArrayList<>(List.of(names));
    return ns.stream().map(n -> r.phaseMediansMs().get(n)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private static String diff(Long a, Long b) {
    return a == null || b == null ? "-" : Long.toString(a - b);
  }
}
