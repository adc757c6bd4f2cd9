package dev.ferry.engine.criu;

import java.time.Duration;

/**
 * What CRIU measured while restoring, from its {@code stats-restore} file. Times are microseconds
 * as CRIU records them. {@code restoreTimeUs} is CRIU's whole restore, of which {@code
 * forkingTimeUs} is recreating the process tree; the runtime's own work around CRIU is not in it.
 * {@code pagesRestored} is 0 when an older CRIU did not record it.
 */
public record RestoreStats(
    long pagesCompared, long pagesSkippedCow, long forkingTimeUs, long restoreTimeUs, long pagesRestored) {

  public Duration forkingTime() {
    return Duration.ofNanos(forkingTimeUs * 1_000);
  }

  public Duration restoreTime() {
    return Duration.ofNanos(restoreTimeUs * 1_000);
  }
}
