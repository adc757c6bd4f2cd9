package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBlockParserTest {

  @Test
  void readsEveryBlockOfARecordedRunOnACgroupV1HybridHost() {
    SampleBlockParser parser = new SampleBlockParser();
    List<SampleBlock> blocks = Recordings.parse(parser, Recordings.V1_HYBRID);

    assertThat(blocks).hasSize(6);
    assertThat(parser.cpus()).isEqualTo(2);
    assertThat(parser.cgroupMode()).isEqualTo("hybrid");
    SampleBlock first = blocks.get(0);
    assertThat(first.uptimeMillis()).isEqualTo(843_510);
    // cpu 16154 0 4831 145963 707 0 88 13: idle + iowait = 146670 of 167756 jiffies.
    assertThat(first.cpuTotalJiffies()).isEqualTo(167_756);
    assertThat(first.cpuBusyJiffies()).isEqualTo(167_756 - 146_670);
    assertThat(first.load1()).isEqualTo(1.23);
    assertThat(first.memoryTotalBytes()).isEqualTo(24_683_656L * 1024);
    assertThat(first.memoryAvailableBytes()).isEqualTo(24_076_384L * 1024);
    assertThat(first.disk()).isEqualTo(new DiskUsage(264_212_084L * 1024, 22_993_448L * 1024, 83_397_464L * 1024));
    assertThat(first.netRxBytes()).isEqualTo(75_909_402L);
    assertThat(first.containers()).containsExactly(
        new SampleBlock.Container("fm-busy", 109_712_095L, 774_144L, 2),
        new SampleBlock.Container("fm-idle", 10_065_854L, 925_696L, 1),
        new SampleBlock.Container("fm-memory", 33_711_624L, 67_944_448L, 1));
  }

  @Test
  void readsARecordedRunOnALabHostWithOnlyV1Controllers() {
    SampleBlockParser parser = new SampleBlockParser();
    List<SampleBlock> blocks = Recordings.parse(parser, Recordings.LAB_HOST_V1);

    assertThat(blocks).hasSize(4);
    assertThat(parser.cgroupMode()).isEqualTo("v1");
    assertThat(blocks.get(3).containers()).containsExactly(
        new SampleBlock.Container("memory", 271_322_985L, 68_038_656L, 1),
        new SampleBlock.Container("tcp-server", 9_428_809L, 471_040L, 1));
    assertThat(blocks.get(1).netTxBytes()).isEqualTo(10_442_513L);
  }

  @Test
  void diskAppearsOnlyOnTheTicksThatRanDf() {
    List<SampleBlock> blocks = Recordings.parse(new SampleBlockParser(), Recordings.V1_HYBRID);

    assertThat(blocks).extracting(SampleBlock::diskMeasured).containsExactly(true, false, true, false, true, false);
  }

  @Test
  void dashesMeanUnknownAndAFailedDfIsMeasuredButEmpty() {
    List<SampleBlock> blocks = parse("t 1.00", "cpu 1 0 1 10 0 0 0 0", "load 0 0 0", "mem 10 5",
        "disk - - -", "net 0 0", "c web 5 - -", ".");

    assertThat(blocks.get(0).diskMeasured()).isTrue();
    assertThat(blocks.get(0).disk()).isNull();
    assertThat(blocks.get(0).containers()).containsExactly(
        new SampleBlock.Container("web", 5, ContainerSample.UNKNOWN, ContainerSample.UNKNOWN));
  }

  @Test
  void aMalformedLineSpoilsOnlyItsOwnBlock() {
    SampleBlockParser parser = new SampleBlockParser();
    List<SampleBlock> blocks = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String line : List.of("t 1.00", "cpu 1 0 x 10 0 0 0 0", "load 0 0 0", ".",
        "t 2.00", "cpu 1 0 1 10 0 0 0 0", "load 0 0 0", "mem 10 5", "net 0 0", ".")) {
      try {
        parser.accept(line).ifPresent(blocks::add);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }

    assertThat(errors).singleElement().asString().contains("cpu 1 0 x");
    assertThat(blocks).extracting(SampleBlock::uptimeMillis).containsExactly(2_000L);
  }

  @Test
  void aBlockCutOffByADroppedConnectionYieldsNothing() {
    List<String> lines = Recordings.lines(Recordings.V1_HYBRID);
    int lastCompleteEnd = lines.subList(0, lines.size() - 1).lastIndexOf(".");

    List<SampleBlock> blocks = parse(lines.subList(0, lastCompleteEnd + 4).toArray(String[]::new));

    assertThat(blocks).hasSize(5);
  }

  @Test
  void unknownKeysAreSkippedSoTheScriptMayGrow() {
    List<SampleBlock> blocks = parse("t 1.00", "psi some avg10=0.00", "cpu 1 0 1 10 0 0 0 0", "load 0 0 0",
        "mem 10 5", "net 0 0", ".");

    assertThat(blocks).hasSize(1);
  }

  @Test
  void aBlockMissingAFigureIsRejected() {
    SampleBlockParser parser = new SampleBlockParser();
    parser.accept("t 1.00");
    parser.accept("load 0 0 0");

    assertThatThrownBy(() -> parser.accept(".")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks");
  }

  @Test
  void anotherFormatVersionIsRefused() {
    assertThatThrownBy(() -> new SampleBlockParser().accept("ferry-metrics 2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
  }

  @Test
  void aBlockThatNeverEndsIsDroppedInsteadOfGrowingWithoutBound() {
    SampleBlockParser parser = new SampleBlockParser();
    parser.accept("t 1.00");
    int failures = 0;
    for (int i = 0; i < SampleBlockParser.MAX_BLOCK_LINES + 10; i++) {
      try {
        parser.accept("c ct" + i + " 1 1 1");
      } catch (IllegalArgumentException e) {
        failures++;
      }
    }

    assertThat(failures).isEqualTo(1);
    assertThat(parser.accept(".")).isEmpty();
  }

  private static List<SampleBlock> parse(String... lines) {
    SampleBlockParser parser = new SampleBlockParser();
    List<SampleBlock> blocks = new ArrayList<>();
    for (String l : lines) {
      parser.accept(l).ifPresent(blocks::add);
    }
    return blocks;
  }
}
