package dev.ferry.engine.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreCopyPolicyTest {
  private final PreCopyPolicy policy = PreCopyPolicy.ferryDefault();

  /** A pre-copy round as far as the policy cares: pages written and pages skipped as unchanged. */
  private static DumpStats round(long written, long skipped) {
    return new DumpStats(0, 0, 0, 0, written + skipped, skipped, written, 0, 0, 0, 0, 0, 0, 0);
  }

  // Field notes section 9 record only pages written. The skipped counts below assume every round
  // scanned the same memory as the first (a fixed 200 MiB workload): skipped = first - written.

  @Test
  void steadyRewritingWorkloadStopsAfterRoundTwoWherePhaulAloneWouldGoOn() {
    // Local pre-copy in a Debian 12 VM: 51,878 then 9,755 pages; the final dump was still 8,732.
    List<DumpStats> rounds = new ArrayList<>(List.of(round(51_878, 0)));

    PreCopyDecision first = policy.afterRound(rounds);
    rounds.add(round(9_755, 51_878 - 9_755));
    PreCopyDecision second = policy.afterRound(rounds);

    assertThat(first.verdict()).isEqualTo(PreCopyDecision.Verdict.CONTINUE);
    assertThat(first.reason()).isEqualTo(
        "round 1 wrote 51,878 pages, 0% of memory unchanged (< 70%): another round should shrink the final dump");
    assertThat(second.shouldStop()).isTrue();
    assertThat(second.reason()).startsWith("round 2 found 81% of memory unchanged (>= 70%");
    // P.Haul's rules alone: not <= 64 pages, and shrinking, so it would continue.
    PreCopyPolicy phaulOnly = new PreCopyPolicy(64, 10, 100, 8);
    assertThat(phaulOnly.afterRound(rounds).shouldStop()).isFalse();
  }

  @Test
  void pageServerMigrationNeedsAThirdRoundBeforeMostMemoryIsThere() {
    // Live migration through criu page-server between two VMs: 52,224, 20,501, then 14,357 pages.
    List<DumpStats> rounds = new ArrayList<>(List.of(round(52_224, 0), round(20_501, 52_224 - 20_501)));

    PreCopyDecision second = policy.afterRound(rounds);
    rounds.add(round(14_357, 52_224 - 14_357));
    PreCopyDecision third = policy.afterRound(rounds);

    assertThat(second.shouldStop()).isFalse();
    assertThat(second.reason()).contains("round 2 wrote 20,501 pages, 60% of memory unchanged (< 70%)");
    assertThat(third.shouldStop()).isTrue();
    assertThat(third.reason()).contains("round 3 found 72% of memory unchanged");
  }

  @Test
  void convergedMemoryStopsWithPhaulsSmallDumpRule() {
    PreCopyDecision d = policy.afterRound(List.of(round(30_000, 0), round(2_000, 28_000), round(41, 29_959)));

    assertThat(d.shouldStop()).isTrue();
    assertThat(d.reason()).isEqualTo("round 3 wrote 41 pages (<= 64): memory has converged");
  }

  @Test
  void tinyContainerStopsAfterTheFirstRound() {
    // Field notes section 6: a tiny busybox container's whole dump is 38 pages.
    assertThat(policy.afterRound(List.of(round(38, 0))).reason())
        .isEqualTo("round 1 wrote 38 pages (<= 64): memory has converged");
  }

  @Test
  void exactlySixtyFourPagesIsConvergedAndSixtyFiveIsNot() {
    assertThat(policy.afterRound(List.of(round(64, 0))).shouldStop()).isTrue();
    assertThat(policy.afterRound(List.of(round(65, 0))).shouldStop()).isFalse();
  }

  @Test
  void growingRoundsStopBecauseMemoryChangesFasterThanItIsCopied() {
    PreCopyDecision d = policy.afterRound(List.of(round(100_000, 0), round(20_000, 80_000), round(23_000, 20_000)));

    assertThat(d.shouldStop()).isTrue();
    assertThat(d.reason()).startsWith("round 3 wrote 23,000 pages, 15% more than round 2's 20,000 (> 10%)");
  }

  @Test
  void exactlyTenPercentGrowthIsStillAllowed() {
    // 50% skipped keeps the LXD rule out of the way.
    assertThat(policy.afterRound(List.of(round(10_000, 0), round(11_000, 11_000))).shouldStop()).isFalse();
    assertThat(policy.afterRound(List.of(round(10_000, 0), round(11_001, 11_000))).shouldStop()).isTrue();
  }

  @Test
  void exactlySeventyPercentSkippedStops() {
    assertThat(policy.afterRound(List.of(round(5_000, 0), round(3_000, 7_000))).shouldStop()).isTrue();
    assertThat(policy.afterRound(List.of(round(5_000, 0), round(3_001, 7_000))).shouldStop()).isFalse();
  }

  @Test
  void eighthRoundIsTheLast() {
    List<DumpStats> rounds = new ArrayList<>();
    rounds.add(round(100_000, 0));
    for (int i = 2; i <= 7; i++) {
      rounds.add(round(50_000, 50_000)); // flat, half unchanged: no other rule fires
    }
    assertThat(policy.afterRound(rounds).shouldStop()).isFalse();

    rounds.add(round(50_000, 50_000));
    PreCopyDecision eighth = policy.afterRound(rounds);

    assertThat(eighth.shouldStop()).isTrue();
    assertThat(eighth.reason()).isEqualTo(
        "round 8 wrote 50,000 pages and was the last allowed (8 rounds): freezing with what is left");
  }

  @Test
  void lxdLimitsAreAvailableAsAPolicyToo() {
    PreCopyPolicy lxd = new PreCopyPolicy(0, Integer.MAX_VALUE, PreCopyPolicy.LXD_SKIPPED_GOAL_PERCENT,
        PreCopyPolicy.LXD_MAX_ROUNDS);
    List<DumpStats> rounds = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      rounds.add(round(50_000, 50_000));
    }
    assertThat(lxd.afterRound(rounds).shouldStop()).isFalse();
    rounds.add(round(50_000, 50_000));
    assertThat(lxd.afterRound(rounds).shouldStop()).isTrue();
  }

  @Test
  void nothingWrittenAtAllIsConvergedNotADivisionByZero() {
    assertThat(policy.afterRound(List.of(round(0, 0))).shouldStop()).isTrue();
    assertThat(policy.afterRound(List.of(round(10_000, 0), round(0, 10_000))).reason()).contains("wrote 0 pages");
  }

  @Test
  void realRecordedDumpOfATinyContainerStopsAtOnce() throws Exception {
    DumpStats real = CriuStats.parseDump(Recorded.bytes("runc-checkpoint.stats-dump"));

    assertThat(policy.afterRound(List.of(real)).reason()).isEqualTo("round 1 wrote 36 pages (<= 64): memory has converged");
  }

  @Test
  void badLimitsAndNoRoundsAreRefused() {
    assertThatThrownBy(() -> new PreCopyPolicy(64, 10, 101, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PreCopyPolicy(64, 10, 70, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.afterRound(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
