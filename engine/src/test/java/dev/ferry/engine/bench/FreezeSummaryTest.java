package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreezeSummaryTest {
  static BenchRun run(String workload, BenchMethod m, long felt, long criuFrozenMs) {
    return new BenchRun("s", workload, m.label(), 1, "a", "b", Instant.EPOCH, "ok", "", felt, null, null, null, true, null, felt + 50,
        felt + 3000, Map.of("freeze_dump", felt / 3), m.label(), 1L, 100.0,
        criuFrozenMs < 0 ? null : new BenchRun.Criu(1L, criuFrozenMs * 1000, null, null, 65536L, null, 90_000L, 1L, 10L));
  }

  @Test
  void eachMethodHasTheMedianMinimumAndMaximumOfWhatTheWorkloadFelt() {
    FreezeSummary s = FreezeSummary.of(List.of(run("idle", BenchMethod.STOP_AND_COPY, 600, 100), run("idle", BenchMethod.STOP_AND_COPY, 500, 120),
        run("idle", BenchMethod.STOP_AND_COPY, 900, 110), run("idle", BenchMethod.STOP_AND_COPY, 700, 130)));
    FreezeSummary.Row r = s.row("idle", BenchMethod.STOP_AND_COPY).orElseThrow();
    assertThat(r.feltMedianMs()).as("the mean of the two middle values of four").isEqualTo(650);
    assertThat(r.feltMinMs()).isEqualTo(500);
    assertThat(r.feltMaxMs()).isEqualTo(900);
    assertThat(r.criuFrozenMedianMs()).isEqualTo(115);
    assertThat(r.phaseMediansMs()).containsEntry("freeze_dump", 217L);
  }

  @Test
  void ratiosAreToTheScriptAndToPodmanOnTheSameWorkload() {
    FreezeSummary s = FreezeSummary.of(List.of(run("idle", BenchMethod.FERRY_AUTO, 300, -1), run("idle", BenchMethod.SCRIPT, 1200, 50),
        run("idle", BenchMethod.PODMAN, 600, 40), run("mem256-all-1000", BenchMethod.FERRY_AUTO, 3000, -1)));
    assertThat(s.row("idle", BenchMethod.FERRY_AUTO).orElseThrow().ratioToScript()).isEqualTo(0.25);
    assertThat(s.row("idle", BenchMethod.FERRY_AUTO).orElseThrow().ratioToPodman()).isEqualTo(0.5);
    assertThat(s.row("mem256-all-1000", BenchMethod.FERRY_AUTO).orElseThrow().ratioToScript()).as("no script on that workload").isNull();
  }

  @Test
  void aRefusedMethodKeepsItsReasonAndHasNoFigures() {
    BenchRun refused = BenchRun.without("s", BenchWorkload.parse("idle"), BenchMethod.PRE_COPY, 1, "a", "b", "refused",
        "strategy: no soft-dirty");
    FreezeSummary.Row r = FreezeSummary.of(List.of(refused)).row("idle", BenchMethod.PRE_COPY).orElseThrow();
    assertThat(r.ok()).isZero();
    assertThat(r.feltMedianMs()).isNull();
    assertThat(r.note()).isEqualTo("refused: strategy: no soft-dirty");
  }
}
