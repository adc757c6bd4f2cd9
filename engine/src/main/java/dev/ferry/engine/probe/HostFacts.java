package dev.ferry.engine.probe;

import java.util.List;
import java.util.Optional;

/**
 * What a host is and what it can do, as one probe found it: the system, its resources, and every tool
 * a migration depends on. Plain data with no judgement; {@link HostFindings} turns it into advice
 * and a migration plan reads it to choose a strategy.
 *
 * @param hostname the host's own name ({@code uname -n}), which may differ from the name Ferry
 *     connects to
 * @param os the distribution's PRETTY_NAME from /etc/os-release
 * @param kernel the kernel release ({@code uname -r})
 * @param user the account Ferry is logged in as
 * @param root whether that account is root, which CRIU needs
 * @param pipeMaxSize fs.pipe-max-size in bytes; lazy pages fail below 4 MiB (field notes §4), 0 if unknown
 * @param runtimes the container runtimes installed, runc and Podman (absent ones are left out)
 */
public record HostFacts(
    String hostname,
    String os,
    String kernel,
    String architecture,
    String user,
    boolean root,
    CpuInfo cpu,
    MemoryInfo memory,
    DiskInfo disk,
    CgroupVersion cgroup,
    long pipeMaxSize,
    List<RuntimeInfo> runtimes,
    ToolInfo rsync,
    CriuInfo criu,
    NetworkLock networkLock) {

  public HostFacts {
    runtimes = List.copyOf(runtimes);
  }

  public Optional<RuntimeInfo> runtime(String name) {
    return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public Optional<Version> kernelVersion() {
    return Version.find(kernel);
  }
}
