package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchmarksDocTest {
  private static BenchConditions shaped(String link) {
    return new BenchConditions("s", Instant.EPOCH, 2, "6.18", link, "criu 4.2.1", "runc 1.1.5", "podman 4.3.1", List.of("idle"), List.of(), 5);
  }

  @Test
  void theLinksRateComesFromTheLabsShape() {
    assertThat(BenchmarksDoc.linkMBps(List.of(shaped("rate 1gbit delay 0.1ms (tbf, no netem in this kernel)")))).hasValue(125.0);
    assertThat(BenchmarksDoc.linkMBps(List.of(shaped("rate 100mbit")))).hasValue(12.5);
    assertThat(BenchmarksDoc.linkMBps(List.of(shaped("none")))).isEmpty();
  }

  @Test
  void targetsAreJudgedOnTheMediansAndSayWhichHold() {
    FreezeSummary s = FreezeSummary.of(List.of(FreezeSummaryTest.run("idle", BenchMethod.FERRY_AUTO, 180, -1),
        FreezeSummaryTest.run("mem256-all-1000", BenchMethod.STOP_AND_COPY, 3500, 400),
        FreezeSummaryTest.run("mem1024-hot-1000", BenchMethod.FERRY_AUTO, 900, -1),
        FreezeSummaryTest.run("mem1024-hot-1000", BenchMethod.SCRIPT, 12000, 900)));
    String t = BenchmarksDoc.targets(s, Optional.of(125.0));
    assertThat(t).contains("| idle container, workload-felt median <= 200 ms (Ferry auto) | 180 ms | holds |");
    // 65536 pages of 4 KiB at 125 MB/s: 2147 ms, + 300.
    assertThat(t).contains("3500 ms against 2447 ms").contains("+ 300) | missed |");
    assertThat(t).contains("900 ms, 0.08 x the script | holds |");
    assertThat(t).contains("100.0 MB/s, 80 % of 125 MB/s | missed |");
  }

  @Test
  void theMainTableShowsRefusalsInWords() {
    FreezeSummary s = FreezeSummary.of(List.of(FreezeSummaryTest.run("idle", BenchMethod.SCRIPT, 1000, 50),
        BenchRun.without("s", BenchWorkload.parse("idle"), BenchMethod.PRE_COPY, 1, "a", "b", "refused", "no soft-dirty")));
    assertThat(BenchmarksDoc.mainTable(s)).contains("| idle |").contains(" refused |").contains(" 1000 (1000-1000) |");
  }
}
