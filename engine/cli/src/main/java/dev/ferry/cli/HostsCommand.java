package dev.ferry.cli;

import picocli.CommandLine.Command;

/** Lists the hosts Ferry knows by name. */
@Command(name = "hosts", description = "List the hosts Ferry knows (~/.ssh/config and the demo lab).")
final class HostsCommand extends EngineCommand implements Runnable {
  @Override
  public void run() {
    var dir = cli.directory();
    if (output.json()) {
      output.printJson(dir.names().stream().map(dir::resolve).toList());
      return;
    }
    for (String n : dir.names()) {
      var t = dir.resolve(n);
      output.printf("%-16s %s@%s:%d%n", n, t.user(), t.hostName(), t.port());
    }
  }
}
