package dev.ferry.engine.probe;

/**
 * Which cgroup hierarchy a host mounts at /sys/fs/cgroup. It changes how a container is frozen: the
 * v1 freezer is polled every 100 ms, which was most of CRIU's freezing time here (field notes §4).
 */
public enum CgroupVersion {
  /** Only legacy per-controller hierarchies. */
  V1,
  /** Legacy hierarchies plus the unified one at /sys/fs/cgroup/unified (systemd's hybrid mode). */
  HYBRID,
  /** The unified hierarchy only. */
  V2,
  /** Nothing recognisable is mounted at /sys/fs/cgroup. */
  NONE;

  /** True where the container runtimes use the v1 freezer. */
  public boolean legacyFreezer() {
    return this == V1 || this == HYBRID;
  }
}
