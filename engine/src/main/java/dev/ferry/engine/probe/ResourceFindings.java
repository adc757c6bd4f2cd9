package dev.ferry.engine.probe;

import java.util.List;
import java.util.Locale;

/**
 * Findings about a host's resources and kernel set-up that are not CRIU's: disk space at the
 * container store and the cgroup hierarchy.
 */
final class ResourceFindings {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private ResourceFindings() {}

  static void addTo(List<Finding> out, String host, HostFacts facts) {
    DiskInfo disk = facts.disk();
    if (disk.totalBytes() > 0 && disk.freeBytes() < HostLimits.MIN_FREE_DISK_BYTES) {
      out.add(new Finding(Severity.ERROR, "DISK_FULL",
          "Only " + gib(disk.freeBytes()) + " is free at " + disk.path() + " on " + host + ".",
          "Free some space there or add storage: Ferry needs at least " + gib(HostLimits.MIN_FREE_DISK_BYTES)
              + " for a container's files and its checkpoint."));
    } else if (disk.totalBytes() > 0 && disk.freeBytes() < facts.memory().totalBytes()) {
      // A checkpoint holds the memory a container uses, so a host's memory is the size to plan for.
      out.add(new Finding(Severity.WARNING, "LOW_DISK",
          host + " has less free disk at " + disk.path() + " (" + gib(disk.freeBytes()) + ") than memory ("
              + gib(facts.memory().totalBytes()) + "): a container that uses much memory may not fit its checkpoint.",
          "Free some space at " + disk.path() + " or add storage; a checkpoint is about as big as the memory the container uses."));
    }
    switch (facts.cgroup()) {
      case NONE -> out.add(new Finding(Severity.ERROR, "CGROUP_MISSING",
          "No cgroup file system is mounted at /sys/fs/cgroup on " + host + ", so runc cannot run containers.",
          "Start " + host + " with systemd, which mounts it, or mount it yourself: mount -t cgroup2 none /sys/fs/cgroup."));
      case V1, HYBRID -> out.add(new Finding(Severity.INFO, "CGROUP_V1",
          host + " uses the older cgroup v1 hierarchy" + (facts.cgroup() == CgroupVersion.HYBRID ? " (hybrid mode)" : "")
              + ", whose freezer can add 0.1 s to each freeze.",
          "Optional: switch " + host + " to cgroup v2 (kernel option systemd.unified_cgroup_hierarchy=1, the default"
              + " since Debian 11) and reboot."));
      case V2 -> { }
    }
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
  }
}
