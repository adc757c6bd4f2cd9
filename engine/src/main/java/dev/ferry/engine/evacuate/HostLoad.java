package dev.ferry.engine.evacuate;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;

/**
 * What a possible destination has to spare, read from /proc when the plan is made: the kernel's
 * estimate of memory available without swapping, the 1-minute load average, and its processors, so
 * load can be compared between hosts of different sizes.
 */
public record HostLoad(String host, long availableBytes, long totalBytes, double load1, int cpus) {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String READ = "grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; echo loadavg $(cut -d' ' -f1 /proc/loadavg); echo cpus $(nproc)";

  /** Load per processor: 1.0 means every processor is busy. */
  public double loadPerCpu() {
    return cpus <= 0 ? load1 : load1 / cpus;
  }

  public static HostLoad read(RemoteHost host) {
    ExecResult r = host.exec(Command.script(READ), TIMEOUT).orThrow(host.name(), Command.script(READ));
    return parse(host.name(), r.stdout());
  }

  static HostLoad parse(String host, String text) {
    long total = 0;
    long available = 0;
    double load = 0;
    int cpus = 1;
    for (String line : text.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      switch (f[0]) {
        case "MemTotal:" -> total = Long.parseLong(f[1]) * 1024;
        case "MemAvailable:" -> available = Long.parseLong(f[1]) * 1024;
        case "loadavg" -> load = Double.parseDouble(f[1]);
        case "cpus" -> cpus = Integer.parseInt(f[1]);
        default -> { }
      }
    }
    if (total == 0) {
      throw new IllegalStateException(host + " did not say how much memory it has (no MemTotal in /proc/meminfo)");
    }
    return new HostLoad(host, available, total, load, cpus);
  }
}
