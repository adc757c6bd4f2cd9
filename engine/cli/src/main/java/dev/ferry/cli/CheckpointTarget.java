package dev.ferry.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which checkpoint: the container, its host and the checkpoint's name. Shared by {@code checkpoint} and {@code checkpoint-delete}. */
final class CheckpointTarget {
  @Parameters(paramLabel = "CONTAINER")
  String container;

  @Option(names = "--host", required = true, paramLabel = "HOST")
  String host;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "the checkpoint's name (letters, digits, _ + - .)")
  String name;
}
