package dev.ferry.engine.container;

/** Finding a process's cgroup folder on a host, in shell, for the scripts that read or write its control files. */
public final class CgroupShell {
  private CgroupShell() {}

  /**
   * Defines {@code cgroup_dir CONTROLLER PID}: prints the process's folder of that cgroup v1 controller where the
   * host mounts it, else its cgroup v2 folder; prints nothing when neither exists. Callers test for the control
   * file they need ({@code freezer.state} or {@code cgroup.freeze}, {@code memory.stat}).
   */
  public static final String CGROUP_DIR = """
      cgroup_dir() {
        cg_p=$(sed -n "s/^[0-9]*:$1:\\(.*\\)/\\1/p" "/proc/$2/cgroup")
        if [ -n "$cg_p" ] && [ -d "/sys/fs/cgroup/$1$cg_p" ]; then echo "/sys/fs/cgroup/$1$cg_p"; return 0; fi
        cg_p=$(sed -n 's/^0::\\(.*\\)/\\1/p' "/proc/$2/cgroup")
        if [ -n "$cg_p" ] && [ -d "/sys/fs/cgroup$cg_p" ]; then echo "/sys/fs/cgroup$cg_p"; fi
        return 0
      }
      """;
}
