package dev.ferry.engine.migration;

import java.util.List;

/**
 * The freeze time in vzmigrate's rows (field notes §2), in milliseconds: what users felt, phase by
 * phase. The total is measured from the start of the freeze to the resume, not summed, so time
 * between phases is not lost.
 */
public record FreezeTimeBreakdown(
    long freezeAndDumpMillis,
    long copyAfterFreezeMillis,
    long copyDumpMillis,
    long restoreAndResumeMillis,
    long totalFrozenMillis) {

  public static FreezeTimeBreakdown of(List<PhaseTiming> timings) {
    long dump = sum(timings, Phase.FREEZE_DUMP);
    long fs = sum(timings, Phase.COPY_FS_DELTA);
    long copy = sum(timings, Phase.COPY_DUMP);
    long restore = sum(timings, Phase.RESTORE);
    long first = timings.stream().filter(t -> t.phase().frozen()).mapToLong(PhaseTiming::startMillis).min().orElse(0);
    long last = timings.stream().filter(t -> t.phase().frozen()).mapToLong(t -> t.startMillis() + t.durationMillis()).max().orElse(0);
    return new FreezeTimeBreakdown(dump, fs, copy, restore, last - first);
  }

  private static long sum(List<PhaseTiming> timings, Phase p) {
    return timings.stream().filter(t -> t.phase() == p).mapToLong(PhaseTiming::durationMillis).sum();
  }
}
