package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreezeTimeBreakdownTest {
  @Test
  void totalFrozenRunsFromTheFreezeToTheResumeIncludingTimeBetweenPhases() {
    FreezeTimeBreakdown f = FreezeTimeBreakdown.of(List.of(
        new PhaseTiming(Phase.SYNC_ROOTFS, 0, 300, 5_000_000),
        new PhaseTiming(Phase.FREEZE_DUMP, 300, 140, 0),
        new PhaseTiming(Phase.COPY_FS_DELTA, 445, 120, 11_000),
        new PhaseTiming(Phase.COPY_DUMP, 570, 120, 69_000),
        new PhaseTiming(Phase.RESTORE, 695, 150, 0)));

    assertThat(f.freezeAndDumpMillis()).isEqualTo(140);
    assertThat(f.copyAfterFreezeMillis()).isEqualTo(120);
    assertThat(f.copyDumpMillis()).isEqualTo(120);
    assertThat(f.restoreAndResumeMillis()).isEqualTo(150);
    assertThat(f.totalFrozenMillis()).as("300 ms to 845 ms, with 15 ms between phases").isEqualTo(545);
    assertThat(f.unreachableMillis()).as("no hand-over: reachable again at the resume").isEqualTo(545);
  }

  @Test
  void clientsWaitUntilTheDestinationIsReleasedAfterTheHandOver() {
    FreezeTimeBreakdown f = FreezeTimeBreakdown.of(List.of(
        new PhaseTiming(Phase.FREEZE_DUMP, 1000, 100, 0),
        new PhaseTiming(Phase.COPY_DUMP, 1100, 100, 0),
        new PhaseTiming(Phase.RESTORE, 1200, 200, 0),
        new PhaseTiming(Phase.CONFIRM, 1400, 30, 0),
        new PhaseTiming(Phase.HAND_OVER, 1430, 40, 0),
        new PhaseTiming(Phase.RELEASE, 1470, 30, 0),
        new PhaseTiming(Phase.CLEANUP, 1500, 300, 0)));

    assertThat(f.totalFrozenMillis()).isEqualTo(400);
    assertThat(f.unreachableMillis()).isEqualTo(500);
  }
}
