package dev.ferry.engine.metrics;

import java.time.Instant;

/**
 * One runc container's figures at one moment, read from its cgroup (v1 or v2): what a container
 * meter shows. CPU is a share of one core, like top's, so a container using two cores shows 200.
 *
 * @param memoryBytes the cgroup's memory charge (page cache included), or {@link #UNKNOWN}
 * @param pids processes and threads in the cgroup, or {@link #UNKNOWN} without the pids controller
 */
public record ContainerSample(String host, String containerId, Instant time, double cpuPercent, long memoryBytes, long pids) {
  public static final long UNKNOWN = -1;
}
