package dev.ferry.cli;

import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.checkpoint.RestoreResult;
import dev.ferry.engine.container.ContainerName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Restores a named checkpoint on its own host or another one, and prints what each step took. */
@Command(name = "restore", description = "Restore a container from a named checkpoint, on the same host or another.")
final class RestoreCommand extends ContainerCommand implements Callable<Integer> {
  @Option(names = "--from-host", required = true, paramLabel = "HOST", description = "the host that has the checkpoint")
  private String fromHost;

  @Option(names = "--name", required = true, paramLabel = "NAME")
  private String name;

  @Option(names = "--to", paramLabel = "HOST", description = "restore on this host (default: the checkpoint's host)")
  private String to;

  @Override
  public Integer call() {
    var dir = cli.directory();
    var from = dir.host(fromHost);
    RestoreResult r;
    try {
      r = new Checkpoints(from, dir.threads().io()).restore(ContainerName.of(container), name, to == null ? from : dir.host(to));
    } catch (CheckpointException e) {
      return CheckpointOutput.failure(e, output);
    }
    if (output.json()) {
      output.printJson(r);
      return 0;
    }
    output.printf("%s: restored from checkpoint '%s' of %s, running on %s%n", container, name, r.fromHost(), r.toHost());
    if (!r.fromHost().equals(r.toHost())) {
      output.printf(CheckpointOutput.STEP, "copy checkpoint " + r.fromHost() + " -> " + r.toHost(), r.copyMillis(),
          "  " + CheckpointOutput.bytes(r.copyBytes()));
    }
    output.printf(CheckpointOutput.STEP, "put files in place", r.filesMillis(), r.replacedBundle() ? "  (replaced the bundle there)" : "");
    output.printf(CheckpointOutput.STEP, "runc restore", r.restoreMillis(),
        r.criuRestoreMillis().isPresent() ? "  (CRIU " + r.criuRestoreMillis().getAsLong() + " ms)" : "");
    output.printf(CheckpointOutput.STEP, "total", r.totalMillis(), "");
    return 0;
  }
}
