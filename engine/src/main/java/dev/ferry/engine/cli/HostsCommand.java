package dev.ferry.engine.cli;

import dev.ferry.engine.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists the hosts Ferry knows by name. */
@Command(name = "hosts", description = "List the hosts Ferry knows (~/.ssh/config and the demo lab).")
final class HostsCommand implements Runnable {
  @ParentCommand
  private FerryCli cli;

  @Option(names = "--json", description = "print JSON")
  private boolean json;

  @Override
  public void run() {
    var dir = cli.directory();
    if (json) {
      System.out.println(Json.write(dir.names().stream().map(dir::resolve).toList()));
      return;
    }
    for (String n : dir.names()) {
      var t = dir.resolve(n);
      System.out.printf("%-16s %s@%s:%d%n", n, t.user(), t.hostName(), t.port());
    }
  }
}
