package dev.ferry.cli;

import picocli.CommandLine.Option;

/** The two hosts of a migration, {@code --from} and {@code --to}: shared by {@code migrate} and {@code bench}. */
final class MigrationEnds {
  @Option(names = "--from", required = true, paramLabel = "HOST", description = "the host the container runs on")
  String from;

  @Option(names = "--to", required = true, paramLabel = "HOST", description = "the host to move it to")
  String to;
}
