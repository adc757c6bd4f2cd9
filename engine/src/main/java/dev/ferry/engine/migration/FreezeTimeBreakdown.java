package dev.ferry.engine.migration;

import java.util.List;

/**
 * The freeze time in vzmigrate's rows (field notes §2), in milliseconds, on the engine's phase clock.
 * The total is measured from the start of the freeze to the resume, not summed, so time between
 * phases is not lost. The processes run again at the resume, but the destination's copy takes no
 * traffic until the decision is recorded and its network hold lifted (the hand-over), so a client
 * of the container waits longer than its processes do: {@code unreachableMillis} runs from the start
 * of the freeze to the end of that release. The workload's own realtime ticks are the measure of
 * what its processes felt; tests and the benchmark put those beside these figures.
 */
public record FreezeTimeBreakdown(
    long freezeAndDumpMillis,
    long copyAfterFreezeMillis,
    long copyDumpMillis,
    long restoreAndResumeMillis,
    long totalFrozenMillis,
    long unreachableMillis) {

  public static FreezeTimeBreakdown of(List<PhaseTiming> timings) {
    long dump = sum(timings, Phase.FREEZE_DUMP);
    long fs = sum(timings, Phase.COPY_FS_DELTA);
    long copy = sum(timings, Phase.COPY_DUMP);
    long restore = sum(timings, Phase.RESTORE);
    long first = timings.stream().filter(t -> t.phase().frozen()).mapToLong(PhaseTiming::startMillis).min().orElse(0);
    long last = timings.stream().filter(t -> t.phase().frozen()).mapToLong(PhaseTiming::endMillis).max().orElse(0);
    long released = timings.stream().filter(t -> t.phase() == Phase.RELEASE).mapToLong(PhaseTiming::endMillis).max().orElse(last);
    // New connections are held from the start of the freeze (its first step is the divert), not before.
    return new FreezeTimeBreakdown(dump, fs, copy, restore, last - first, Math.max(last, released) - first);
  }

  private static long sum(List<PhaseTiming> timings, Phase p) {
    return timings.stream().filter(t -> t.phase() == p).mapToLong(PhaseTiming::durationMillis).sum();
  }
}
