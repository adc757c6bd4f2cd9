package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadLogTest {
  // The tail of a memory log read with tail -c: the first line is cut, a 20 ms rhythm, one freeze of 700 ms.
  private static final String LOG = """
      k 9 1000 dirtied=10
      tick 10 1020 dirtied=20
      tick 11 1040 dirtied=40
      tick 12 1060 dirtied=60
      gap 720
      verify ok pages=16384 ms=45
      tick 13 1780 dirtied=80
      tick 14 1800 dirtied=100
      """;

  @Test
  void theFeltFreezeIsTheLargestGapAroundTheMove() {
    WorkloadLog log = WorkloadLog.parse(LOG);
    assertThat(log.largestGap(1030, 1700)).isEqualTo(720);
    assertThat(log.largestGap(1790, 1900)).as("a window after the freeze sees only ordinary ticks").isEqualTo(20);
  }

  @Test
  void theCheckAfterTheGapIsTiedToTheMove() {
    WorkloadLog log = WorkloadLog.parse(LOG);
    assertThat(log.verifyAfter(1030, 1700)).hasValueSatisfying(v -> {
      assertThat(v.ms()).isEqualTo(45);
      assertThat(v.ok()).isTrue();
      assertThat(v.afterTickMs()).isEqualTo(1060);
    });
    assertThat(log.verifyAfter(1790, 1900)).isEmpty();
  }

  @Test
  void aCutFirstLineIsSkippedAndTicksAreContinuous() {
    WorkloadLog log = WorkloadLog.parse(LOG);
    assertThat(log.ticks()).hasSize(5);
    assertThat(log.continuous()).isTrue();
    assertThat(log.tickedAfter(1790)).isTrue();
    assertThat(log.tickedAfter(1800)).isFalse();
  }

  @Test
  void aRestartOrALostTickIsNotContinuous() {
    assertThat(WorkloadLog.parse("tick 1 100\ntick 3 140\n").continuous()).isFalse();
    assertThat(WorkloadLog.parse("start 1 0\ntick 1 100\nstart 2 200\ntick 2 220\n").continuous()).isFalse();
  }

  @Test
  void aFailedCheckIsReportedAsNotIntact() {
    WorkloadLog log = WorkloadLog.parse("tick 1 100\ngap 900\nverify FAIL page=3 gen=2 word=0 expected=0x0 actual=0x1 bad_pages=1 pages=10 ms=7\n"
        + "tick 2 1000\n");
    assertThat(log.verifyAfter(50, 1000)).hasValueSatisfying(v -> assertThat(v.ok()).isFalse());
  }
}
