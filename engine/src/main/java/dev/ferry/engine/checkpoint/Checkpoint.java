package dev.ferry.engine.checkpoint;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import java.time.Instant;

/**
 * One named checkpoint of a container on a host: its CRIU images ({@code img/}), CRIU's work folder
 * and logs ({@code work/}), a copy of the container's bundle ({@code bundle/}: config.json and
 * rootfs) taken at the same instant, and this metadata as {@code checkpoint.json}, all in
 * {@link FerryPaths#checkpoint}. {@code sizeBytes} is the folder's size on disk as du counts it;
 * {@code host} is the name of the host it was taken on.
 */
public record Checkpoint(
    String container,
    String name,
    String host,
    Instant created,
    long sizeBytes,
    String runtime,
    boolean leaveRunning,
    CheckpointTimings timings) {

  public static final String METADATA_FILE = "checkpoint.json";

  public ContainerName containerName() {
    return ContainerName.of(container);
  }

  public CheckpointName checkpointName() {
    return CheckpointName.of(name);
  }

  /** The checkpoint's folder on its host. */
  public String folder() {
    return FerryPaths.checkpoint(containerName(), name);
  }

  /** The same checkpoint with the size measured now. */
  Checkpoint withSize(long bytes) {
    return new Checkpoint(container, name, host, created, bytes, runtime, leaveRunning, timings);
  }

  /** {@code container/name}, as people type it. */
  public String label() {
    return container + "/" + name;
  }
}
