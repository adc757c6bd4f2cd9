package dev.ferry.engine.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one stream's consecutive sample blocks into samples with rates. The first block of a stream,
 * and the first sighting of a container, only set a baseline: a rate needs two readings. Elapsed
 * time comes from the host's uptime, not from when lines arrived over SSH.
 */
final class RateCalculator {
  /** What one block yields: the host sample (absent for a baseline), container samples, gone containers. */
  record Tick(Optional<HostSample> host, List<ContainerSample> containers, List<String> gone) {}

  private final String host;
  private SampleBlock previous;
  private Optional<DiskUsage> disk = Optional.empty();
  private Map<String, SampleBlock.Container> previousContainers = Map.of();

  RateCalculator(String host) {
    this.host = host;
  }

  Tick next(SampleBlock block, Instant time, int cpus) {
    if (block.diskMeasured()) {
      disk = Optional.ofNullable(block.disk());
    }
    long elapsedMillis = previous == null ? 0 : block.uptimeMillis() - previous.uptimeMillis();
    boolean rates = elapsedMillis > 0;
    Optional<HostSample> hostSample = rates ? Optional.of(hostSample(block, time, cpus, elapsedMillis)) : Optional.empty();
    List<ContainerSample> containers = new ArrayList<>();
    Map<String, SampleBlock.Container> seen = new HashMap<>();
    for (SampleBlock.Container c : block.containers()) {
      seen.put(c.id(), c);
      SampleBlock.Container before = previousContainers.get(c.id());
      if (rates && before != null && hasCpuRate(before, c)) {
        double cpu = 100.0 * (c.cpuNanos() - before.cpuNanos()) / (elapsedMillis * 1_000_000.0);
        containers.add(new ContainerSample(host, c.id(), time, cpu, c.memoryBytes(), c.pids()));
      }
    }
    List<String> gone = previousContainers.keySet().stream().filter(id -> !seen.containsKey(id)).sorted().toList();
    previous = block;
    previousContainers = seen;
    return new Tick(hostSample, List.copyOf(containers), gone);
  }

  private HostSample hostSample(SampleBlock b, Instant time, int cpus, long elapsedMillis) {
    long total = b.cpuTotalJiffies() - previous.cpuTotalJiffies();
    long busy = b.cpuBusyJiffies() - previous.cpuBusyJiffies();
    // iowait may step backwards (proc(5)), so busy can briefly exceed the total: clamp to 0..100.
    double cpu = total > 0 ? Math.max(0, Math.min(100, 100.0 * busy / total)) : 0;
    return new HostSample(host, time, cpus, cpu, b.load1(), b.load5(), b.load15(),
        b.memoryTotalBytes(), b.memoryAvailableBytes(), disk,
        perSecond(b.netRxBytes() - previous.netRxBytes(), elapsedMillis),
        perSecond(b.netTxBytes() - previous.netTxBytes(), elapsedMillis));
  }

  /** A counter that went backwards belongs to a new cgroup (the container was recreated): a new baseline. */
  private static boolean hasCpuRate(SampleBlock.Container before, SampleBlock.Container now) {
    return before.cpuNanos() >= 0 && now.cpuNanos() >= before.cpuNanos();
  }

  /** Byte counters shrink when an interface goes away; that interval reads as 0, not negative. */
  private static double perSecond(long delta, long elapsedMillis) {
    return delta <= 0 ? 0 : delta * 1000.0 / elapsedMillis;
  }
}
