package dev.ferry.engine.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Collects one sample block's fields, line by line; every field but disk and containers must be present. */
final class SampleBlockBuilder {
  private Long uptimeMillis;
  private long busy;
  private Long total;
  private double[] load;
  private Long memTotal;
  private long memAvailable;
  private boolean diskMeasured;
  private DiskUsage disk;
  private Long rx;
  private long tx;
  private final List<SampleBlock.Container> containers = new ArrayList<>();

  void uptime(String seconds) {
    uptimeMillis = new BigDecimal(seconds).movePointRight(3).longValueExact();
  }

  void cpu(String[] f) {
    long[] j = new long[8];
    for (int i = 0; i < j.length; i++) {
      j[i] = Long.parseLong(f[i + 1]);
    }
    // Guest time is already counted in user and nice (proc(5)), so it is not added again.
    long idle = j[3] + j[4];
    long sum = 0;
    for (long v : j) {
      sum += v;
    }
    total = sum;
    busy = sum - idle;
  }

  void load(String[] f) {
    load = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
  }

  void memory(String[] f) {
    memTotal = Long.parseLong(f[1]) * 1024;
    memAvailable = Long.parseLong(f[2]) * 1024;
  }

  void disk(String[] f) {
    diskMeasured = true;
    disk = f[1].equals("-") ? null
        : new DiskUsage(Long.parseLong(f[1]) * 1024, Long.parseLong(f[2]) * 1024, Long.parseLong(f[3]) * 1024);
  }

  void net(String[] f) {
    rx = Long.parseLong(f[1]);
    tx = Long.parseLong(f[2]);
  }

  void container(String[] f) {
    containers.add(new SampleBlock.Container(f[1], counter(f[2]), counter(f[3]), counter(f[4])));
  }

  private static long counter(String s) {
    return s.equals("-") ? ContainerSample.UNKNOWN : Long.parseLong(s);
  }

  SampleBlock build() {
    if (uptimeMillis == null || total == null || load == null || memTotal == null || rx == null) {
      throw new IllegalArgumentException("a sample block lacks one of t, cpu, load, mem, net");
    }
    return new SampleBlock(uptimeMillis, busy, total, load[0], load[1], load[2], memTotal, memAvailable,
        diskMeasured, disk, rx, tx, List.copyOf(containers));
  }
}
