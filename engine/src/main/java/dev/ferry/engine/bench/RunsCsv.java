package dev.ferry.engine.bench;

import dev.ferry.engine.util.Csv;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The benchmark's runs as CSV ({@link Csv}), one row per run, for a
 * spreadsheet: the same figures as freeze-runs.jsonl, CRIU's in microseconds, the phases in one field as
 * {@code name=ms} pairs. Empty where a figure does not apply.
 */
final class RunsCsv {
  private RunsCsv() {}

  private static Csv.Column<BenchRun> criu(String name, Function<BenchRun.Criu, Object> value) {
    return new Csv.Column<>(name, r -> r.criu() == null ? null : value.apply(r.criu()));
  }

  private static Csv.Column<BenchRun> column(String name, Function<BenchRun, Object> value) {
    return new Csv.Column<>(name, value);
  }

  private static final List<Csv.Column<BenchRun>> COLUMNS = List.of(
      column("session", BenchRun::session), column("workload", BenchRun::workload), column("method", BenchRun::method),
      column("round", BenchRun::round), column("from", BenchRun::from), column("to", BenchRun::to),
      column("started_at", BenchRun::startedAt), column("outcome", BenchRun::outcome), column("reason", BenchRun::reason),
      column("felt_freeze_ms", BenchRun::feltFreezeMs), column("client_longest_wait_ms", BenchRun::clientLongestWaitMs),
      column("verify_after_resume_ms", BenchRun::verifyAfterResumeMs), column("memory_intact", BenchRun::memoryIntact),
      column("ticks_continuous", BenchRun::ticksContinuous), column("last_page_ms", BenchRun::lastPageMs),
      column("method_frozen_ms", BenchRun::methodFrozenMs), column("total_ms", BenchRun::totalMs),
      column("strategy_used", BenchRun::strategyUsed), column("bytes_moved", BenchRun::bytesMoved),
      column("copy_mbps", r -> r.copyMBps() == null ? null : String.format(Locale.ROOT, "%.1f", r.copyMBps())),
      criu("criu_freezing_us", BenchRun.Criu::freezingUs), criu("criu_frozen_us", BenchRun.Criu::frozenUs),
      criu("criu_memdump_us", BenchRun.Criu::memdumpUs), criu("criu_memwrite_us", BenchRun.Criu::memwriteUs),
      criu("criu_pages_written", BenchRun.Criu::pagesWritten), criu("criu_pages_lazy", BenchRun.Criu::pagesLazy),
      criu("criu_restore_us", BenchRun.Criu::restoreUs), criu("criu_forking_us", BenchRun.Criu::forkingUs),
      criu("criu_pages_restored", BenchRun.Criu::pagesRestored),
      column("phases_ms", r -> r.phasesMs() == null ? null : phases(r.phasesMs())));

  static String of(List<BenchRun> runs) {
    return Csv.of(COLUMNS, runs);
  }

  private static String phases(Map<String, Long> phases) {
    return phases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
