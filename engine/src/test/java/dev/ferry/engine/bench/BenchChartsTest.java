package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class BenchChartsTest {
  private static final FreezeSummary SUMMARY = FreezeSummary.of(List.of(FreezeSummaryTest.run("mem1024-all-1000", BenchMethod.SCRIPT, 14000, 2000),
      FreezeSummaryTest.run("mem64-all-1000", BenchMethod.SCRIPT, 1300, 100), FreezeSummaryTest.run("mem256-all-1000", BenchMethod.SCRIPT, 3500, 450),
      FreezeSummaryTest.run("mem256-all-1000", BenchMethod.POST_COPY, 3000, -1), FreezeSummaryTest.run("mem256-hot-1000", BenchMethod.SCRIPT, 3400, 450)));

  @Test
  void theSizeLineTakesTheWorkloadsTouchedAfterResumeSmallestFirst() {
    assertThat(BenchCharts.sizeWorkloads(SUMMARY)).containsExactly("mem64-all-1000", "mem256-all-1000", "mem1024-all-1000");
    String svg = BenchCharts.sizeChart(SUMMARY).orElseThrow().svg();
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains(">64 MiB<").contains(">1024 MiB<").contains(">script<").contains(">post-copy<");
    // The script's line has a point per size; the largest, 14 s, sits at the top of the plot.
    assertThat(svg.lines().filter(l -> l.startsWith("<circle")).count()).isEqualTo(4);
    assertThat(svg).contains("points=\"90.0,302.0 305.0,255.0 520.0,30.0\"");
  }

  @Test
  void thePhaseChartHasABarPerPhaseAndTheFeltFreeze() {
    String svg = BenchCharts.phaseChart(SUMMARY, "mem256-all-1000").orElseThrow().svg();
    assertThat(svg).contains("<title>freeze_dump 1166 ms</title>").contains("<title>freeze_dump 1000 ms</title>");
    assertThat(svg.lines().filter(l -> l.contains("stroke-width=\"3.0\"")).count()).as("one felt-freeze tick per method").isEqualTo(2);
    assertThat(BenchCharts.phaseChart(SUMMARY, "idle")).isEmpty();
  }

  @Test
  void eachChartIsWrittenAsSvgAndAsAPngOfTwiceItsSizeThatShowsTheLines(@TempDir Path dir) throws Exception {
    List<Path> pngs = BenchCharts.write(dir, SUMMARY, List.of("mem256-all-1000", "idle"));
    assertThat(pngs).extracting(p -> p.getFileName().toString()).containsExactly("freeze-by-size.png", "freeze-phases-mem256-all-1000.png");
    assertThat(dir.resolve("freeze-by-size.svg")).exists();
    assertThat(dir.resolve("freeze-phases-mem256-all-1000.svg")).exists();
    BufferedImage img = ImageIO.read(pngs.get(0).toFile());
    assertThat(img.getWidth()).isEqualTo(1440);
    assertThat(img.getHeight()).isEqualTo(800);
    // The script's line ends at the top of the plot (x 520, y 30): its colour is there, not white.
    Color top = new Color(img.getRGB(520 * 2, 30 * 2));
    assertThat(top).isNotEqualTo(Color.WHITE);
    assertThat(new Color(img.getRGB(5, 5 + 100))).isEqualTo(Color.WHITE);
  }
}
