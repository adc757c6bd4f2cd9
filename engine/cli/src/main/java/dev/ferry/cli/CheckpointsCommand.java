package dev.ferry.cli;

import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lists the named checkpoints on a host. */
@Command(name = "checkpoints", description = "List the named checkpoints on a host, of all containers or of one.")
final class CheckpointsCommand extends HostCommand implements Runnable {
  @Parameters(index = "1", arity = "0..1", paramLabel = "CONTAINER")
  private String container;

  @Override
  public void run() {
    var dir = cli.directory();
    Checkpoints checkpoints = new Checkpoints(dir.host(host), dir.threads().io());
    List<Checkpoint> all = container == null ? checkpoints.list() : checkpoints.list(ContainerName.of(container));
    if (output.json()) {
      output.printJson(all);
      return;
    }
    output.printf("%-20s %-20s %-20s %10s %s%n", "CONTAINER", "NAME", "CREATED (UTC)", "SIZE", "CONTAINER AFTER");
    for (Checkpoint c : all) {
      output.printf("%-20s %-20s %-20s %10s %s%n", c.container(), c.name(), c.created().toString().substring(0, 19).replace('T', ' '),
          CheckpointOutput.bytes(c.sizeBytes()), c.leaveRunning() ? "left running" : "stopped");
    }
  }
}
