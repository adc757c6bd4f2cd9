package dev.ferry.engine.container;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * What one runtime says about one container at one moment. Sizes are bytes; a figure a runtime
 * cannot tell is empty rather than zero.
 */
public record ContainerInfo(
    String id,
    String runtime,
    ContainerState state,
    int initPid,
    String bundle,
    String rootfs,
    Instant created,
    OptionalLong memoryBytes,
    OptionalLong processCount,
    OptionalLong rootfsBytes) {

  /** Same container, same state: used to tell a real change from a refresh that saw nothing new. */
  public boolean sameStateAs(ContainerInfo other) {
    return other != null && other.id.equals(id) && other.state == state && other.initPid == initPid;
  }
}
