package dev.ferry.engine.probe;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the probe script's output into {@link HostFacts}. A pure function of the text, so every
 * host ever met can be replayed from a recording in a unit test. What a host lacks becomes an absent
 * tool or a zero figure, never an exception: only output with no probe in it at all is refused.
 */
public final class ProbeParser {
  private static final long KIB = 1024;

  private ProbeParser() {}

  public static HostFacts parse(String output) {
    ProbeSections sections = ProbeSections.split(output);
    Map<String, String> system = sections.keyValues("system");
    if (!system.containsKey("kernel")) {
      throw new ProbeException("the answer is not a probe's output (no system section); it began with: "
          + output.strip().lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("nothing"));
    }
    ToolParser tools = new ToolParser(sections);
    CriuInfo criu = tools.criu();
    return new HostFacts(
        system.getOrDefault("hostname", ""),
        sections.keyValues("os-release").getOrDefault("PRETTY_NAME", ""),
        system.get("kernel"),
        system.getOrDefault("arch", ""),
        system.getOrDefault("user", ""),
        "0".equals(system.get("uid")),
        cpu(sections.body("cpuinfo"), (int) number(system.get("cores"))),
        memory(sections.body("meminfo")),
        disk(sections),
        cgroup(sections.keyValues("cgroup")),
        number(system.get("pipe_max_size")),
        tools.runtimes(criu),
        tools.rsync(),
        criu,
        tools.networkLock(criu));
  }

  private static CpuInfo cpu(String cpuinfo, int cores) {
    Map<String, String> fields = new HashMap<>();
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    // x86 names the model and its flags; ARM has "Features" and at most a "Hardware" line.
    String model = fields.getOrDefault("model name", fields.getOrDefault("Hardware", ""));
    String flags = fields.getOrDefault("flags", fields.getOrDefault("Features", ""));
    return new CpuInfo(model, cores, flags.isBlank() ? Set.of() : Set.of(flags.split("\\s+")));
  }

  private static MemoryInfo memory(String meminfo) {
    Map<String, Long> kib = new HashMap<>();
    for (String line : meminfo.split("\n")) {
      String[] parts = line.split("[:\\s]+");
      if (parts.length >= 2) {
        kib.put(parts[0], number(parts[1]));
      }
    }
    return new MemoryInfo(kib.getOrDefault("MemTotal", 0L) * KIB, kib.getOrDefault("MemAvailable", 0L) * KIB);
  }

  // df -P -B1: "Filesystem 1-blocks Used Available Capacity Mounted-on", then one line of figures.
  private static DiskInfo disk(ProbeSections sections) {
    String path = sections.keyValues("store").getOrDefault("path", "");
    for (String line : sections.body("store").split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 6 && !line.startsWith("path=") && !f[0].equals("Filesystem")) {
        return new DiskInfo(path, number(f[1]), number(f[3]));
      }
    }
    return new DiskInfo(path, 0, 0);
  }

  private static CgroupVersion cgroup(Map<String, String> mounts) {
    String root = mounts.getOrDefault("root", "");
    if (root.equals("cgroup2fs")) {
      return CgroupVersion.V2;
    }
    if (root.equals("tmpfs")) {
      return "cgroup2fs".equals(mounts.get("unified")) ? CgroupVersion.HYBRID : CgroupVersion.V1;
    }
    return CgroupVersion.NONE;
  }

  private static long number(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
