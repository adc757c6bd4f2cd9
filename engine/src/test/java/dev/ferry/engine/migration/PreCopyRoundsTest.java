package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.PreCopyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PreCopyRoundsTest {
  // 200 MiB of private memory in the Debian 12 guests of field notes §9.
  private static final long PAGES = 51_200;

  private static DumpStats stats(long written) {
    long skipped = Math.max(0, PAGES - written);
    return new DumpStats(0, 0, 0, 0, PAGES, skipped, written, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Replays a recorded series of pages written per round and records the folders the loop asked for. */
  private static final class Replay implements PreCopyRounds.Runner {
    final List<Long> written;
    final List<String> calls = new ArrayList<>();

    Replay(Long... written) {
      this.written = List.of(written);
    }

    @Override
    public DumpStats round(int number, String dir, String parentDir) {
      calls.add(number + ":" + dir + "<" + parentDir);
      return stats(written.get(number - 1));
    }
  }

  @Test
  void roundsChainToTheirParentsAndStopWhenMostPagesWereUnchanged() {
    // Field notes §9, local rounds in an emulated guest: 51,878 then 9,755 pages written.
    Replay replay = new Replay(51_878L, 9_755L, 8_732L);
    AtomicLong clock = new AtomicLong();
    PreCopyRounds.Result r = PreCopyRounds.run(PreCopyPolicy.ferryDefault(), replay, () -> clock.addAndGet(100));
    assertThat(replay.calls).containsExactly("1:pre-1<null", "2:pre-2<../pre-1");
    assertThat(r.rounds()).extracting(MigrationReport.Round::pagesWritten).containsExactly(51_878L, 9_755L);
    assertThat(r.rounds()).extracting(MigrationReport.Round::millis).containsOnly(100L);
    assertThat(r.lastDir()).isEqualTo("pre-2");
    assertThat(r.stopReason()).isNotBlank();
  }

  @Test
  void memoryThatNeverConvergesStopsAfterTheRoundLimit() {
    Long[] steady = new Long[20];
    java.util.Arrays.fill(steady, 40_000L);
    Replay replay = new Replay(steady);
    PreCopyRounds.Result r = PreCopyRounds.run(PreCopyPolicy.ferryDefault(), replay, () -> 0);
    // 40,000 of 51,200 pages every round: never converging, never growing, 22 % unchanged: only the round limit stops it.
    assertThat(r.rounds()).hasSize(PreCopyPolicy.PHAUL_MAX_ROUNDS);
    assertThat(replay.calls).hasSize(PreCopyPolicy.PHAUL_MAX_ROUNDS);
    assertThat(r.stopReason()).isEqualTo("round 8 wrote 40,000 pages and was the last allowed (8 rounds): freezing with what is left");
    assertThat(replay.calls.get(replay.calls.size() - 1)).isEqualTo("8:pre-8<../pre-7");
    assertThat(r.lastDir()).isEqualTo("pre-8");
  }

  @Test
  void aNearlyIdleContainerNeedsOneRound() {
    PreCopyRounds.Result r = PreCopyRounds.run(PreCopyPolicy.ferryDefault(), new Replay(40L), () -> 0);
    assertThat(r.rounds()).hasSize(1);
    assertThat(r.lastDir()).isEqualTo("pre-1");
  }
}
