package dev.ferry.engine.probe;

import java.util.Set;

/**
 * A host's processor as /proc/cpuinfo and nproc describe it. The flags matter beyond display: a
 * process restored on a CPU lacking an instruction set it used dies with SIGILL (field notes §1, §7),
 * so a destination must offer every flag the source's processes may rely on.
 *
 * @param cores the processors this host lets Ferry use ({@code nproc})
 * @param flags the instruction-set flags ("flags" on x86, "Features" on ARM)
 */
public record CpuInfo(String model, int cores, Set<String> flags) {
  public CpuInfo {
    flags = Set.copyOf(flags);
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }
}
