package dev.ferry.engine.metrics;

import java.util.List;

/**
 * The raw counters of one tick of the sampler script, before any rate is computed.
 *
 * @param uptimeMillis the host's /proc/uptime, the clock rates are measured on
 * @param diskMeasured whether this tick ran df; if it did, {@code disk} is null when df failed
 */
record SampleBlock(
    long uptimeMillis,
    long cpuBusyJiffies,
    long cpuTotalJiffies,
    double load1,
    double load5,
    double load15,
    long memoryTotalBytes,
    long memoryAvailableBytes,
    boolean diskMeasured,
    DiskUsage disk,
    long netRxBytes,
    long netTxBytes,
    List<Container> containers) {

  /** One container's cumulative counters; {@link ContainerSample#UNKNOWN} where the host has none. */
  record Container(String id, long cpuNanos, long memoryBytes, long pids) {}
}
