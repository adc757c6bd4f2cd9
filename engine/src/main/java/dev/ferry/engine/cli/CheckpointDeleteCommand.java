package dev.ferry.engine.cli;

import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Deletes a named checkpoint; the same options as the command that made it. */
@Command(name = "checkpoint-delete", description = "Delete a named checkpoint from a host.")
final class CheckpointDeleteCommand implements Callable<Integer> {
  @ParentCommand
  private FerryCli cli;

  @Parameters(paramLabel = "CONTAINER")
  private String container;

  @Option(names = "--host", required = true, paramLabel = "HOST")
  private String host;

  @Option(names = "--name", required = true, paramLabel = "NAME")
  private String name;

  @Override
  public Integer call() {
    var dir = cli.directory();
    try {
      new Checkpoints(dir.host(host), dir.threads().io()).delete(ContainerName.of(container), name);
    } catch (CheckpointException e) {
      return CheckpointOutput.failure(e, false);
    }
    System.out.printf("%s: checkpoint '%s' deleted from %s%n", container, name, host);
    return 0;
  }
}
