package dev.ferry.engine.criu;

import java.time.Duration;

/**
 * What CRIU measured during one dump or pre-dump round, from its {@code stats-dump} file. Times
 * are microseconds as CRIU records them; page counts are in pages of the dumping host (4 KiB on
 * x86-64). {@code pagesSkippedParent} counts pages left out because the previous round already
 * copied them unchanged: it is the measure of how far pre-copy has converged. Shared memory is
 * counted apart ({@code shpages*}) because CRIU never pre-copies it, only dumps it whole at the end.
 */
public record DumpStats(
    long freezingTimeUs,
    long frozenTimeUs,
    long memdumpTimeUs,
    long memwriteTimeUs,
    long pagesScanned,
    long pagesSkippedParent,
    long pagesWritten,
    long pagesLazy,
    long irmapResolveTimeUs,
    long pagePipes,
    long pagePipeBufs,
    long shpagesScanned,
    long shpagesSkippedParent,
    long shpagesWritten) {

  /** Time CRIU spent getting every task to stop (on cgroup v1 mostly the freezer's polling). */
  public Duration freezingTime() {
    return Duration.ofNanos(freezingTimeUs * 1_000);
  }

  /** Time the tasks stayed frozen while CRIU wrote their state: the part users feel. */
  public Duration frozenTime() {
    return Duration.ofNanos(frozenTimeUs * 1_000);
  }

  /**
   * Share of private pages, between 0 and 1, that this round did not have to copy because they had
   * not changed since the previous round. 0 for a first round, which has no parent to skip from.
   */
  public double skippedShare() {
    long considered = pagesWritten + pagesSkippedParent;
    return considered == 0 ? 0.0 : (double) pagesSkippedParent / considered;
  }
}
