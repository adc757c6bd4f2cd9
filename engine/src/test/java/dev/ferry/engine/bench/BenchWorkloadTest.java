package dev.ferry.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchWorkloadTest {
  @Test
  void memoryWorkloadsAreNamedBySizeShapeAndDirtyRate() {
    BenchWorkload w = BenchWorkload.parse("mem1024-hot-1000");
    assertThat(w.kind()).isEqualTo(BenchWorkload.Kind.MEMORY);
    assertThat(w.mib()).isEqualTo(1024);
    assertThat(w.hotPercent()).isEqualTo(10);
    assertThat(w.argv()).containsExactly("ferry-memory", "--mib", "1024", "--dirty-pages-per-sec", "1000", "--hot-percent", "10", "--log",
        "/var/log/memory.log", "--interval-ms", "20");
    assertThat(BenchWorkload.parse("mem64-all-0").hotPercent()).isEqualTo(100);
  }

  @Test
  void theIdleCounterTicksEvery20Milliseconds() {
    assertThat(BenchWorkload.parse("idle").argv()).containsExactly("ferry-counter", "--log", "/var/log/counter.log", "--interval-ms", "20");
  }

  @Test
  void theFullMatrixHasTheCounterEighteenMemoryCellsAndTheWebServer() {
    assertThat(BenchWorkload.fullMatrix()).hasSize(20).startsWith("idle").endsWith("web").contains("mem256-all-10000", "mem1024-hot-0");
    BenchWorkload.fullMatrix().forEach(BenchWorkload::parse);
  }

  @Test
  void anUnknownWorkloadSaysWhichNamesExist() {
    assertThatThrownBy(() -> BenchWorkload.parse("mem256-cold-5")).hasMessageContaining("use idle, web, or mem<MiB>-<all|hot>-<pages/s>");
    assertThatThrownBy(() -> BenchWorkload.parse("mem0-all-5")).isInstanceOf(IllegalArgumentException.class);
  }
}
