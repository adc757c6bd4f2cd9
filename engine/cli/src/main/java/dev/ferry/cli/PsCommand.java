package dev.ferry.cli;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerRuntime;
import dev.ferry.engine.container.Runtimes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** Lists a host's containers across its runtimes. */
@Command(name = "ps", description = "List the containers on a host.")
final class PsCommand extends HostCommand implements Runnable {
  @Override
  public void run() {
    List<ContainerInfo> all = new ArrayList<>();
    for (ContainerRuntime r : Runtimes.on(cli.directory().host(host))) {
      all.addAll(r.list());
    }
    if (output.json()) {
      output.printJson(all);
      return;
    }
    output.printf("%-20s %-8s %-9s %8s %10s %6s%n", "NAME", "RUNTIME", "STATE", "PID", "MEMORY", "PIDS");
    for (ContainerInfo c : all) {
      output.printf("%-20s %-8s %-9s %8d %10s %6s%n", c.id(), c.runtime(), c.state().name().toLowerCase(), c.initPid(),
          c.memoryBytes().isPresent() ? (c.memoryBytes().getAsLong() >> 20) + " MiB" : "-",
          c.processCount().isPresent() ? Long.toString(c.processCount().getAsLong()) : "-");
    }
  }
}
