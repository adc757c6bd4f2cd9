package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsReplayTest {
  static final Instant RECORDED = Instant.parse("2026-12-01T19:40:00Z");

  /** The lab host recording (real metrics.sh output) with a tick every second, as a capture would time it. */
  static MetricsRecording labRecording() {
    List<MetricsRecording.TimedLine> timed = new ArrayList<>();
    long at = 0;
    for (String line : Recordings.lines(Recordings.LAB_HOST_V1)) {
      if (line.startsWith("t ")) {
        at += 1000;
      }
      timed.add(new MetricsRecording.TimedLine(at, line));
    }
    return new MetricsRecording("ferry-a", RECORDED, timed);
  }

  @Test
  void cutsTheRecordingIntoHeaderAndTicksAtTheirRecordedTimes() {
    MetricsReplay replay = MetricsReplay.of(labRecording());

    assertThat(replay.header()).containsExactly("ferry-metrics 1", "cpus 2", "cgroup v1");
    assertThat(replay.ticks()).isEqualTo(4);
    assertThat(replay.containerIds()).containsExactly("memory", "tcp-server");
    assertThat(replay.dueMillis(0, 0)).isZero();
    assertThat(replay.dueMillis(3, 0)).isEqualTo(3000);
    assertThat(replay.periodMillis()).isEqualTo(4000);
    assertThat(replay.dueMillis(1, 2)).isEqualTo(9000);
    assertThat(replay.lines(0, 0)).startsWith("t 1587.25").endsWith(".");
  }

  @Test
  void expansionGivesEachCopyADistinctIdAndTheRecordedFigures() {
    MetricsReplay replay = MetricsReplay.of(labRecording(), 50);

    assertThat(replay.containerIds()).hasSize(50).doesNotHaveDuplicates()
        .startsWith("memory-01", "tcp-server-01", "memory-02").endsWith("tcp-server-25");
    for (int i = 0; i < replay.ticks(); i++) {
      List<SampleBlock> blocks = parse(replay.lines(i, 0));
      List<SampleBlock.Container> cs = blocks.get(0).containers();
      assertThat(cs).hasSize(50);
      assertThat(new HashSet<>(cs.stream().map(SampleBlock.Container::id).toList())).hasSize(50);
      SampleBlock.Container memory = cs.stream().filter(c -> c.id().equals("memory-01")).findFirst().orElseThrow();
      assertThat(cs).filteredOn(c -> c.id().startsWith("memory-"))
          .allSatisfy(c -> assertThat(c).isEqualTo(new SampleBlock.Container(c.id(), memory.cpuNanos(), memory.memoryBytes(), memory.pids())));
    }
    SampleBlock first = parse(replay.lines(0, 0)).get(0);
    assertThat(first.containers().get(0)).isEqualTo(new SampleBlock.Container("memory-01", 269301121, 68038656, 1));
  }

  @Test
  void aContainerThatCameAndWentDuringTheRecordingIsNotCopied() {
    List<MetricsRecording.TimedLine> lines = new ArrayList<>(labRecording().lines());
    int second = lines.indexOf(lines.stream().filter(l -> l.text().equals("c tcp-server 9428809 471040 1")).skip(1).findFirst().orElseThrow());
    lines.remove(second);
    MetricsReplay replay = MetricsReplay.of(new MetricsRecording("ferry-a", RECORDED, lines), 4);

    assertThat(replay.containerIds()).containsExactly("memory-01", "memory-02", "memory-03", "memory-04");
    assertThat(parse(replay.lines(1, 0)).get(0).containers()).extracting(SampleBlock.Container::id)
        .containsExactly("memory-01", "memory-02", "memory-03", "memory-04");
  }

  @Test
  void aRecordingWithoutContainersCannotBeExpanded() {
    List<MetricsRecording.TimedLine> noContainers = labRecording().lines().stream().filter(l -> !l.text().startsWith("c ")).toList();
    MetricsRecording bare = new MetricsRecording("ferry-b", RECORDED, noContainers);

    assertThatThrownBy(() -> MetricsReplay.of(bare, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no container present throughout to copy");
  }

  @Test
  void laterPassesMoveCountersOnSoRatesRepeatAndNothingRestarts() {
    MetricsReplay replay = MetricsReplay.of(labRecording());
    SampleBlockParser parser = new SampleBlockParser();
    RateCalculator rates = new RateCalculator("rec");
    replay.header().forEach(parser::accept);
    List<RateCalculator.Tick> ticks = new ArrayList<>();
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < replay.ticks(); i++) {
        for (String line : replay.lines(i, pass)) {
          parser.accept(line).ifPresent(b -> ticks.add(rates.next(b, RECORDED, parser.cpus())));
        }
      }
    }

    assertThat(ticks).hasSize(12);
    assertThat(ticks.get(0).host()).isEmpty();
    // Every tick after the first, the wraps included, is a real sample with both containers and nothing gone.
    assertThat(ticks.subList(1, 12)).allSatisfy(t -> {
      assertThat(t.host()).isPresent();
      assertThat(t.containers()).extracting(ContainerSample::containerId).containsExactly("memory", "tcp-server");
      assertThat(t.gone()).isEmpty();
    });
    for (int i = 1; i < 4; i++) {
      assertThat(ticks.get(4 + i).host().orElseThrow().cpuPercent()).isEqualTo(ticks.get(i).host().orElseThrow().cpuPercent());
      assertThat(ticks.get(8 + i).containers()).isEqualTo(ticks.get(4 + i).containers());
    }
    assertThat(ticks.get(4).host().orElseThrow().cpuPercent()).isBetween(0.0, 100.0);
  }

  @Test
  void theFileFormRoundTripsAndABadLineIsNamed() {
    MetricsRecording r = labRecording();
    assertThat(MetricsRecording.parse(r.toFileLines())).isEqualTo(r);

    List<String> broken = new ArrayList<>(r.toFileLines());
    broken.set(5, "soon t 1588.25");
    assertThatThrownBy(() -> MetricsRecording.parse(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 6 'soon t 1588.25'");
    assertThatThrownBy(() -> MetricsRecording.parse(List.of("t 1 2"))).hasMessageContaining("first line");
  }

  private static List<SampleBlock> parse(List<String> lines) {
    SampleBlockParser p = new SampleBlockParser();
    List<SampleBlock> out = new ArrayList<>();
    lines.forEach(l -> p.accept(l).ifPresent(out::add));
    return out;
  }
}
