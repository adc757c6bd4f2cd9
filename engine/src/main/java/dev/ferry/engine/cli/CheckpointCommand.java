package dev.ferry.engine.cli;

import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.util.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Takes a named checkpoint of a running container. */
@Command(name = "checkpoint", description = "Save a running container (memory and files) as a named checkpoint on its host.")
final class CheckpointCommand implements Callable<Integer> {
  @ParentCommand
  private FerryCli cli;

  @Parameters(paramLabel = "CONTAINER")
  private String container;

  @Option(names = "--host", required = true, paramLabel = "HOST")
  private String host;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "the checkpoint's name (letters, digits, _ + - .)")
  private String name;

  @Option(names = "--leave-running", description = "keep the container running (default: it stops, as runc checkpoint leaves it)")
  private boolean leaveRunning;

  @Option(names = "--json", description = "print the checkpoint as JSON")
  private boolean json;

  @Override
  public Integer call() {
    var dir = cli.directory();
    Checkpoint c;
    try {
      c = new Checkpoints(dir.host(host), dir.threads().io()).create(ContainerName.of(container), name, leaveRunning);
    } catch (CheckpointException e) {
      return CheckpointOutput.failure(e, json);
    }
    if (json) {
      System.out.println(Json.write(c));
      return 0;
    }
    var t = c.timings();
    System.out.printf("%s: checkpoint '%s' saved on %s (%s, %s)%n", c.container(), c.name(), c.host(),
        c.leaveRunning() ? "container still running" : "container stopped", CheckpointOutput.bytes(c.sizeBytes()));
    System.out.printf(CheckpointOutput.STEP, "copy files while running", t.filesMillis(), "");
    System.out.printf(CheckpointOutput.STEP, c.leaveRunning() ? "pause + dump + sync files + resume" : "pause + dump + sync files", t.dumpMillis(),
        t.criuFrozenMillis().isPresent() ? "  (CRIU frozen " + t.criuFrozenMillis().getAsLong() + " ms)" : "");
    System.out.printf(CheckpointOutput.STEP, "total", t.totalMillis(), "");
    System.out.printf("  in %s%n", c.folder());
    return 0;
  }
}
