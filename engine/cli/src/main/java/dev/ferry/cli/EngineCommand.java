package dev.ferry.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every engine command has: the CLI it runs in (its hosts) and where it writes ({@code --json}, picocli's writers). */
abstract class EngineCommand {
  @ParentCommand
  FerryCli cli;

  @Mixin
  Output output;
}
