package dev.ferry.engine.metrics;

import java.time.Instant;
import java.util.Optional;

/**
 * One host's figures at one moment, with rates over the interval since the sample before: what a
 * host meter shows. Rates are measured on the host's own clock (/proc/uptime), so SSH latency does
 * not bend them; {@code time} is when Ferry received the sample.
 *
 * @param cpus logical CPUs on the host
 * @param cpuPercent busy share of all CPUs, 0 to 100
 * @param disk Ferry's store (/var/lib/ferry) as last measured, empty if it could not be measured
 */
public record HostSample(
    String host,
    Instant time,
    int cpus,
    double cpuPercent,
    double load1,
    double load5,
    double load15,
    long memoryTotalBytes,
    long memoryAvailableBytes,
    Optional<DiskUsage> disk,
    double netRxBytesPerSecond,
    double netTxBytesPerSecond) {

  /** Memory in use, as the kernel sees it: total minus what could be had without swapping. */
  public long memoryUsedBytes() {
    return memoryTotalBytes - memoryAvailableBytes;
  }
}
