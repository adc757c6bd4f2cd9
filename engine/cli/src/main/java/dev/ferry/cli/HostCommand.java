package dev.ferry.cli;

import picocli.CommandLine.Parameters;

/** An engine command about one host, named first on the command line. */
abstract class HostCommand extends EngineCommand {
  @Parameters(index = "0", paramLabel = "HOST", description = "a host of ~/.ssh/config or the demo lab")
  String host;
}
