package dev.ferry.engine.metrics;

import java.util.Optional;

/**
 * Reads the sampler script's output (metrics.sh), one line at a time. The wire format, version 1:
 *
 * <pre>
 * ferry-metrics 1                 header, once: format version
 * cpus 2                          header: logical CPUs
 * cgroup hybrid                   header: v1, v2, hybrid or none
 * t 664.11                        per tick: /proc/uptime in seconds
 * cpu U N S I W Q SQ ST           /proc/stat's first line: user nice system idle iowait irq softirq steal (jiffies)
 * load 0.26 0.25 0.13             /proc/loadavg
 * mem 24683656 24305940           MemTotal, MemAvailable in KiB
 * disk 264212084 22940956 834499  store's file system: total, used, available KiB; "- - -" if df failed;
 *                                 only on every n-th tick
 * net 75909402 212332             rx, tx bytes summed over all interfaces but lo
 * c ID 797235643 1142784 2        per runc container: cpu ns, memory bytes, pids; "-" where unknown
 * .                               end of the tick
 * </pre>
 *
 * Unknown keys are skipped, so the script may grow. A malformed line spoils only its own block.
 */
final class SampleBlockParser {
  /** Lines in one block beyond which it is dropped: far more containers than a meter list can show. */
  static final int MAX_BLOCK_LINES = 10_000;
  static final String VERSION = "1";

  private int cpus;
  private String cgroupMode = "unknown";
  private SampleBlockBuilder block;
  private int lines;
  private boolean broken;

  int cpus() {
    return cpus;
  }

  String cgroupMode() {
    return cgroupMode;
  }

  /**
   * Takes one line; returns the block it completes, if any.
   *
   * @throws IllegalArgumentException for a malformed line or block; the next block parses afresh
   */
  Optional<SampleBlock> accept(String line) {
    String[] f = line.strip().split(" +");
    if (f[0].equals(".")) {
      return finish();
    }
    if (broken) {
      return Optional.empty();
    }
    try {
      if (++lines > MAX_BLOCK_LINES) {
        throw new IllegalArgumentException("a sample block exceeds " + MAX_BLOCK_LINES + " lines");
      }
      read(f);
      return Optional.empty();
    } catch (RuntimeException e) {
      broken = true;
      throw new IllegalArgumentException("bad metrics line '" + abbreviate(line) + "': " + e.getMessage(), e);
    }
  }

  private void read(String[] f) {
    switch (f[0]) {
      case "ferry-metrics" -> {
        if (!f[1].equals(VERSION)) {
          throw new IllegalArgumentException("format version " + f[1] + ", this Ferry reads " + VERSION);
        }
      }
      case "cpus" -> cpus = Integer.parseInt(f[1]);
      case "cgroup" -> cgroupMode = f[1];
      case "t" -> builder().uptime(f[1]);
      case "cpu" -> builder().cpu(f);
      case "load" -> builder().load(f);
      case "mem" -> builder().memory(f);
      case "disk" -> builder().disk(f);
      case "net" -> builder().net(f);
      case "c" -> builder().container(f);
      default -> { }
    }
  }

  private Optional<SampleBlock> finish() {
    SampleBlockBuilder done = block;
    boolean wasBroken = broken;
    block = null;
    lines = 0;
    broken = false;
    if (wasBroken || done == null) {
      return Optional.empty();
    }
    return Optional.of(done.build());
  }

  private SampleBlockBuilder builder() {
    if (block == null) {
      block = new SampleBlockBuilder();
    }
    return block;
  }

  private static String abbreviate(String line) {
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
