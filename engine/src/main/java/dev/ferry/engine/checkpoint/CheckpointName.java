package dev.ferry.engine.checkpoint;

import dev.ferry.engine.container.ContainerName;

/**
 * A validated checkpoint name. It becomes a folder next to the container's other checkpoints, so it
 * follows the same rule as container names ({@link ContainerName#requireValid}), and the message
 * says "checkpoint name".
 */
public record CheckpointName(String value) {
  public CheckpointName {
    ContainerName.requireValid(value, "checkpoint name");
  }

  public static CheckpointName of(String value) {
    return new CheckpointName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
