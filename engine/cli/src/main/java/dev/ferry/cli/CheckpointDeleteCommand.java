package dev.ferry.cli;

import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Deletes a named checkpoint; the same options as the command that made it. */
@Command(name = "checkpoint-delete", description = "Delete a named checkpoint from a host.")
final class CheckpointDeleteCommand extends EngineCommand implements Callable<Integer> {
  @Mixin
  private CheckpointTarget target;

  @Override
  public Integer call() {
    var dir = cli.directory();
    try {
      new Checkpoints(dir.host(target.host), dir.threads().io()).delete(ContainerName.of(target.container), target.name);
    } catch (CheckpointException e) {
      return CheckpointOutput.failure(e, output);
    }
    if (output.json()) {
      output.printJson(Map.of("container", target.container, "name", target.name, "host", target.host, "deleted", true));
    } else {
      output.printf("%s: checkpoint '%s' deleted from %s%n", target.container, target.name, target.host);
    }
    return 0;
  }
}
