package dev.ferry.engine.container;

/**
 * Where Ferry keeps things on a host. One place, so the probe, the runtimes, checkpoints and
 * migrations agree.
 */
public final class FerryPaths {
  private FerryPaths() {}

  /** Root of Ferry's store on every host. */
  public static final String STORE = "/var/lib/ferry";
  /** One OCI bundle per container: config.json and rootfs/. */
  public static final String CONTAINERS = STORE + "/containers";
  /** Named checkpoints: CHECKPOINTS/&lt;container&gt;/&lt;checkpoint&gt;/. */
  public static final String CHECKPOINTS = STORE + "/checkpoints";
  /** Per-migration working folders, removed when the migration ends. */
  public static final String WORK = STORE + "/work";
  /** Per-container locks that keep two migrations of one container apart. */
  public static final String LOCKS = STORE + "/locks";

  public static String bundle(ContainerName id) {
    return CONTAINERS + "/" + id.value();
  }

  public static String checkpoint(ContainerName id, String checkpoint) {
    return CHECKPOINTS + "/" + id.value() + "/" + checkpoint;
  }
}
