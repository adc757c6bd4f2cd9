package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

  @Test
  void theFirstBlockOfAStreamIsOnlyABaseline() {
    RateCalculator.Tick tick = new RateCalculator("a").next(block(1_000, 0, 100, 0, 0, List.of(ct("web", 0))), T0, 2);

    assertThat(tick.host()).isEmpty();
    assertThat(tick.containers()).isEmpty();
  }

  @Test
  void ratesOfARecordedRunMatchTheCountersDeltas() {
    List<SampleBlock> blocks = Recordings.parse(new SampleBlockParser(), Recordings.V1_HYBRID);
    RateCalculator rates = new RateCalculator("a");
    rates.next(blocks.get(0), T0, 2);

    RateCalculator.Tick tick = rates.next(blocks.get(1), T0.plusSeconds(1), 2);

    HostSample host = tick.host().orElseThrow();
    // 202 jiffies passed, 196 of them idle.
    assertThat(host.cpuPercent()).isCloseTo(100.0 * 6 / 202, within(1e-9));
    assertThat(host.cpus()).isEqualTo(2);
    assertThat(host.memoryUsedBytes()).isEqualTo((24_683_656L - 24_076_412L) * 1024);
    ContainerSample busy = tick.containers().get(0);
    assertThat(busy.containerId()).isEqualTo("fm-busy");
    // 34,121,333 ns of CPU over 1.01 s of host uptime.
    assertThat(busy.cpuPercent()).isCloseTo(100.0 * 34_121_333 / 1_010_000_000, within(1e-9));
    assertThat(tick.containers().get(1).cpuPercent()).isZero();
    assertThat(tick.containers().get(2).memoryBytes()).isEqualTo(67_944_448L);
  }

  @Test
  void networkRatesUseTheHostsUptimeNotArrivalTime() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(10_000, 0, 100, 1_000, 5_000, List.of()), T0, 1);

    HostSample s = rates.next(block(10_500, 10, 200, 251_000, 5_500, List.of()), T0.plusSeconds(7), 1).host().orElseThrow();

    assertThat(s.netRxBytesPerSecond()).isEqualTo(500_000.0);
    assertThat(s.netTxBytesPerSecond()).isEqualTo(1_000.0);
    assertThat(s.time()).isEqualTo(T0.plusSeconds(7));
  }

  @Test
  void aShrinkingByteCounterReadsAsZeroNotNegative() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(1_000, 0, 100, 9_000, 9_000, List.of()), T0, 1);

    HostSample s = rates.next(block(2_000, 0, 200, 1_000, 1_000, List.of()), T0, 1).host().orElseThrow();

    assertThat(s.netRxBytesPerSecond()).isZero();
    assertThat(s.netTxBytesPerSecond()).isZero();
  }

  @Test
  void hostCpuStaysWithinZeroToHundredWhenIowaitStepsBack() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(1_000, 50, 100, 0, 0, List.of()), T0, 1);

    HostSample s = rates.next(block(2_000, 160, 200, 0, 0, List.of()), T0, 1).host().orElseThrow();

    assertThat(s.cpuPercent()).isEqualTo(100.0);
  }

  @Test
  void containerCpuIsAShareOfOneCoreAndMayExceedHundred() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(1_000, 0, 100, 0, 0, List.of(ct("web", 0))), T0, 4);

    ContainerSample web = rates.next(block(1_500, 0, 200, 0, 0, List.of(ct("web", 1_000_000_000L))), T0, 4).containers().get(0);

    assertThat(web.cpuPercent()).isEqualTo(200.0);
    assertThat(web.host()).isEqualTo("a");
  }

  @Test
  void aNewContainerAndARecreatedOneWaitForASecondReading() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(1_000, 0, 100, 0, 0, List.of(ct("old", 9_000_000))), T0, 1);

    RateCalculator.Tick recreated = rates.next(block(2_000, 0, 200, 0, 0, List.of(ct("old", 10), ct("new", 5))), T0, 1);
    RateCalculator.Tick after = rates.next(block(3_000, 0, 300, 0, 0, List.of(ct("old", 10_000_010), ct("new", 5))), T0, 1);

    assertThat(recreated.containers()).isEmpty();
    assertThat(after.containers()).extracting(ContainerSample::containerId).containsExactly("old", "new");
    assertThat(after.containers().get(0).cpuPercent()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aContainerMissingFromABlockIsReportedGoneOnce() {
    RateCalculator rates = new RateCalculator("a");
    rates.next(block(1_000, 0, 100, 0, 0, List.of(ct("web", 1), ct("db", 1))), T0, 1);

    RateCalculator.Tick first = rates.next(block(2_000, 0, 200, 0, 0, List.of(ct("db", 2))), T0, 1);
    RateCalculator.Tick second = rates.next(block(3_000, 0, 300, 0, 0, List.of(ct("db", 3))), T0, 1);

    assertThat(first.gone()).containsExactly("web");
    assertThat(second.gone()).isEmpty();
  }

  @Test
  void diskIsCarriedForwardBetweenDfTicksAndClearedWhenDfFails() {
    RateCalculator rates = new RateCalculator("a");
    DiskUsage d = new DiskUsage(100, 40, 50);
    rates.next(withDisk(block(1_000, 0, 100, 0, 0, List.of()), true, d), T0, 1);

    HostSample carried = rates.next(block(2_000, 0, 200, 0, 0, List.of()), T0, 1).host().orElseThrow();
    HostSample failed = rates.next(withDisk(block(3_000, 0, 300, 0, 0, List.of()), true, null), T0, 1).host().orElseThrow();

    assertThat(carried.disk()).contains(d);
    assertThat(failed.disk()).isEqualTo(Optional.empty());
  }

  private static SampleBlock.Container ct(String id, long cpuNanos) {
    return new SampleBlock.Container(id, cpuNanos, 1_000, 1);
  }

  private static SampleBlock block(long uptimeMillis, long busy, long total, long rx, long tx, List<SampleBlock.Container> cs) {
    return new SampleBlock(uptimeMillis, busy, total, 0.5, 0.4, 0.3, 8L << 30, 4L << 30, false, null, rx, tx, cs);
  }

  private static SampleBlock withDisk(SampleBlock b, boolean measured, DiskUsage disk) {
    return new SampleBlock(b.uptimeMillis(), b.cpuBusyJiffies(), b.cpuTotalJiffies(), b.load1(), b.load5(), b.load15(),
        b.memoryTotalBytes(), b.memoryAvailableBytes(), measured, disk, b.netRxBytes(), b.netTxBytes(), b.containers());
  }
}
