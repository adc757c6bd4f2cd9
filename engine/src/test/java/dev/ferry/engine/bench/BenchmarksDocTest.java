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
        streamed(FreezeSummaryTest.run("mem256-all-1000", BenchMethod.STOP_AND_COPY, 3500, 400)),
        FreezeSummaryTest.run("mem1024-hot-1000", BenchMethod.FERRY_AUTO, 900, -1),
        FreezeSummaryTest.run("mem1024-hot-1000", BenchMethod.SCRIPT, 12000, 900)));
    String t = BenchmarksDoc.targets(s, Optional.of(125.0));
    assertThat(t).contains("| idle container, workload-felt median <= 200 ms (Ferry auto) | 180 ms | holds |");
    // 65536 pages of 4 KiB at 125 MB/s: 2147 ms, + 300.
    assertThat(t).contains("3500 ms against 2447 ms").contains("+ 300) | missed |");
    assertThat(t).contains("900 ms, 0.08 x the script | holds |");
    // 65536 pages (268 MB) over the dump's 2200 ms and its copy's 20 ms: 120.9 MB/s, 97 % of the link.
    assertThat(t).contains("120.9 MB/s (65536 pages in 2220 ms), 97 % of 125 MB/s | holds |");
  }

  /** The run as a dump whose pages were streamed: the dump phase moves them, the copy only the other images. */
  private static BenchRun streamed(BenchRun r) {
    return new BenchRun(r.session(), r.workload(), r.method(), r.round(), r.from(), r.to(), r.startedAt(), r.outcome(), r.reason(),
        r.feltFreezeMs(), r.clientLongestWaitMs(), r.verifyAfterResumeMs(), r.memoryIntact(), r.ticksContinuous(), r.lastPageMs(),
        r.methodFrozenMs(), r.totalMs(), java.util.Map.of("freeze_dump", 2200L, "copy_dump", 20L), r.strategyUsed(), r.bytesMoved(), 3.0,
        r.criu());
  }

  @Test
  void theMainTableShowsRefusalsInWords() {
    FreezeSummary s = FreezeSummary.of(List.of(FreezeSummaryTest.run("idle", BenchMethod.SCRIPT, 1000, 50),
        BenchRun.without("s", BenchWorkload.parse("idle"), BenchMethod.PRE_COPY, 1, "a", "b", "refused", "no soft-dirty")));
    assertThat(BenchmarksDoc.mainTable(s)).contains("| idle |").contains(" refused |").contains(" 1000 (1000-1000) |");
  }
}
