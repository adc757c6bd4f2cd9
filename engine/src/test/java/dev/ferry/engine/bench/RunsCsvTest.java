package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunsCsvTest {
  @Test
  void oneRowPerRunWithCriusFiguresThePhasesAndEmptyCellsWhereNothingApplies() {
    BenchRun ok = FreezeSummaryTest.run("idle", BenchMethod.STOP_AND_COPY, 203, 45);
    BenchRun refused = BenchRun.without("s", BenchWorkload.parse("idle"), BenchMethod.PRE_COPY, 1, "a", "b", "refused", "no soft-dirty, here");
    List<String> lines = List.of(RunsCsv.of(List.of(ok, refused)).split("\r\n"));
    assertThat(lines).hasSize(3);
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).startsWith("session", "workload", "method").contains("felt_freeze_ms", "criu_frozen_us", "phases_ms");
    List<String> first = List.of(lines.get(1).split(",", -1));
    assertThat(first).hasSize(header.size());
    assertThat(first.get(header.indexOf("felt_freeze_ms"))).isEqualTo("203");
    assertThat(first.get(header.indexOf("criu_frozen_us"))).isEqualTo("45000");
    assertThat(first.get(header.indexOf("phases_ms"))).isEqualTo("freeze_dump=67");
    assertThat(first.get(header.indexOf("copy_mbps"))).isEqualTo("100.0");
    assertThat(lines.get(2)).contains(",refused,\"no soft-dirty, here\",").doesNotContain("null");
  }
}
