package dev.ferry.app.hosts;

import dev.ferry.engine.metrics.HostSample;

/** A pane's four live meters, fed one host sample at a time: CPU, memory and disk as percentages, network as a rate. */
final class HostMeters {
  final MeterViewModel cpu = new MeterViewModel("CPU", 100);
  final MeterViewModel memory = new MeterViewModel("Memory", 100);
  final MeterViewModel disk = new MeterViewModel("Disk", 100);
  final MeterViewModel network = new MeterViewModel("Network", 0);

  void sample(HostSample s) {
    cpu.update(s.cpuPercent(), Formats.percent(s.cpuPercent()) + " of " + s.cpus() + " CPUs");
    double memPct = s.memoryTotalBytes() == 0 ? 0 : 100.0 * s.memoryUsedBytes() / s.memoryTotalBytes();
    memory.update(memPct, Formats.bytes(s.memoryUsedBytes()) + " / " + Formats.bytes(s.memoryTotalBytes()));
    s.disk().ifPresent(d -> disk.update(d.totalBytes() == 0 ? 0 : 100.0 * d.usedBytes() / d.totalBytes(),
        Formats.bytes(d.availableBytes()) + " free of " + Formats.bytes(d.totalBytes())));
    double net = s.netRxBytesPerSecond() + s.netTxBytesPerSecond();
    network.update(net, "↓ " + Formats.rate(s.netRxBytesPerSecond()) + "  ↑ " + Formats.rate(s.netTxBytesPerSecond()));
  }

  void stopped(String reason) {
    cpu.unknown("no samples: " + reason);
  }
}
