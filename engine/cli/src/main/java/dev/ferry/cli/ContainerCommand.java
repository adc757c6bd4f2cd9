package dev.ferry.cli;

import picocli.CommandLine.Parameters;

/** An engine command about one container, named first on the command line. */
abstract class ContainerCommand extends EngineCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;
}
