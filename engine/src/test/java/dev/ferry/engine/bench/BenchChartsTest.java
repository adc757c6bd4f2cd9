package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchChartsTest {
  private static final FreezeSummary SUMMARY = FreezeSummary.of(List.of(FreezeSummaryTest.run("mem1024-all-1000", BenchMethod.SCRIPT, 14000, 2000),
      FreezeSummaryTest.run("mem64-all-1000", BenchMethod.SCRIPT, 1300, 100), FreezeSummaryTest.run("mem256-all-1000", BenchMethod.SCRIPT, 3500, 450),
      FreezeSummaryTest.run("mem256-all-1000", BenchMethod.POST_COPY, 3000, -1), FreezeSummaryTest.run("mem256-hot-1000", BenchMethod.SCRIPT, 3400, 450)));

  @Test
  void theSizeLineTakesTheWorkloadsTouchedAfterResumeSmallestFirst() {
    assertThat(BenchCharts.sizeWorkloads(SUMMARY)).containsExactly("mem64-all-1000", "mem256-all-1000", "mem1024-all-1000");
    String svg = BenchCharts.sizeChart(SUMMARY).orElseThrow();
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains(">64 MiB<").contains(">1024 MiB<").contains(">script<").contains(">post-copy<");
    // The script's line has a point per size; the largest, 14 s, sits at the top of the plot.
    assertThat(svg.lines().filter(l -> l.startsWith("<circle")).count()).isEqualTo(4);
    assertThat(svg).contains("points=\"90,302 305,255 520,30\"");
  }

  @Test
  void thePhaseChartHasABarPerPhaseAndTheFeltFreeze() {
    String svg = BenchCharts.phaseChart(SUMMARY, "mem256-all-1000").orElseThrow();
    assertThat(svg).contains("<title>freeze_dump 1166 ms</title>").contains("<title>freeze_dump 1000 ms</title>");
    assertThat(svg.lines().filter(l -> l.contains("stroke-width=\"3\"")).count()).as("one felt-freeze tick per method").isEqualTo(2);
    assertThat(BenchCharts.phaseChart(SUMMARY, "idle")).isEmpty();
  }
}
