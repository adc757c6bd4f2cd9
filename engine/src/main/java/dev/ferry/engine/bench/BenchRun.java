package dev.ferry.engine.bench;

import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import java.time.Instant;
import java.util.Map;

/**
 * One move of one workload by one method: a line of bench/freeze-runs.jsonl. Times in milliseconds.
 * {@code feltFreezeMs} is what the workload felt: the largest gap between its realtime ticks around the
 * move (for the web server, the longest wait of a client request that started during the move);
 * {@code methodFrozenMs} is what the method itself counts as frozen (Ferry's report; for the script and
 * Podman, from the checkpoint's start to the restore's end). {@code lastPageMs}: post-copy only, from
 * the freeze's start until the last page had arrived. {@code copyMBps}: the dump's copy while frozen, in MB/s
 * (10^6 bytes); where the dump streamed its pages to the destination, the copy holds only the other images. Fields that do not apply are null.
 *
 * @param outcome {@code ok}, {@code failed}, {@code refused} (the method declined before touching anything,
 *     e.g. pre-copy without soft-dirty) or {@code not-run} (the method has no form for this workload)
 */
public record BenchRun(
    String session,
    String workload,
    String method,
    int round,
    String from,
    String to,
    Instant startedAt,
    String outcome,
    String reason,
    Long feltFreezeMs,
    Long clientLongestWaitMs,
    Long verifyAfterResumeMs,
    Boolean memoryIntact,
    Boolean ticksContinuous,
    Long lastPageMs,
    Long methodFrozenMs,
    Long totalMs,
    Map<String, Long> phasesMs,
    String strategyUsed,
    Long bytesMoved,
    Double copyMBps,
    Criu criu) {

  public boolean ok() {
    return outcome.equals("ok");
  }

  /** CRIU's own figures for the move, from its stats-dump and stats-restore (or Podman's --print-stats), in microseconds. */
  public record Criu(Long freezingUs, Long frozenUs, Long memdumpUs, Long memwriteUs, Long pagesWritten, Long pagesLazy,
      Long restoreUs, Long forkingUs, Long pagesRestored) {

    static Criu of(DumpStats d, RestoreStats r) {
      if (d == null && r == null) {
        return null;
      }
      return new Criu(d == null ? null : d.freezingTimeUs(), d == null ? null : d.frozenTimeUs(), d == null ? null : d.memdumpTimeUs(),
          d == null ? null : d.memwriteTimeUs(), d == null ? null : d.pagesWritten(), d == null ? null : d.pagesLazy(),
          r == null ? null : r.restoreTimeUs(), r == null ? null : r.forkingTimeUs(), r == null ? null : r.pagesRestored());
    }
  }

  /** A run that did not happen or did not finish, with why. */
  static BenchRun without(String session, BenchWorkload w, BenchMethod m, int round, String from, String to, String outcome, String reason) {
    return new BenchRun(session, w.id(), m.label(), round, from, to, Instant.now(), outcome, reason, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
