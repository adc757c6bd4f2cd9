package dev.ferry.cli;

import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Takes a named checkpoint of a running container. */
@Command(name = "checkpoint", description = "Save a running container (memory and files) as a named checkpoint on its host.")
final class CheckpointCommand extends EngineCommand implements Callable<Integer> {
  @Mixin
  private CheckpointTarget target;

  @Option(names = "--leave-running", description = "keep the container running (default: it stops, as runc checkpoint leaves it)")
  private boolean leaveRunning;

  @Override
  public Integer call() {
    var dir = cli.directory();
    Checkpoint c;
    try {
      c = new Checkpoints(dir.host(target.host), dir.threads().io()).create(ContainerName.of(target.container), target.name, leaveRunning);
    } catch (CheckpointException e) {
      return CheckpointOutput.failure(e, output);
    }
    if (output.json()) {
      output.printJson(c);
      return 0;
    }
    var t = c.timings();
    output.printf("%s: checkpoint '%s' saved on %s (%s, %s)%n", c.container(), c.name(), c.host(),
        c.leaveRunning() ? "container still running" : "container stopped", CheckpointOutput.bytes(c.sizeBytes()));
    output.printf(CheckpointOutput.STEP, "copy files while running", t.filesMillis(), "");
    output.printf(CheckpointOutput.STEP, c.leaveRunning() ? "pause + dump + sync files + resume" : "pause + dump + sync files", t.dumpMillis(),
        t.criuFrozenMillis().isPresent() ? "  (CRIU frozen " + t.criuFrozenMillis().getAsLong() + " ms)" : "");
    output.printf(CheckpointOutput.STEP, "total", t.totalMillis(), "");
    output.printf("  in %s%n", c.folder());
    return 0;
  }
}
