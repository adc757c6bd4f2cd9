package dev.ferry.cli;

import dev.ferry.engine.migration.MigrationRecovery;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.ssh.RemoteHost;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Finds interrupted migrations on the given hosts and finishes or undoes them by their source's decision. */
@Command(name = "recover", description = "Find migrations that were interrupted (a client killed, a host restarted) and finish or undo them.")
final class RecoverCommand extends EngineCommand implements Callable<Integer> {
  @Parameters(paramLabel = "HOST", arity = "1..*", description = "the hosts to look at: give both hosts of a migration to resolve it fully")
  private List<String> hosts;

  @Override
  public Integer call() {
    var dir = cli.directory();
    List<RemoteHost> list = hosts.stream().map(h -> (RemoteHost) dir.host(h)).toList();
    List<RecoveryAction> actions = MigrationRecovery.recoverAll(list);
    if (output.json()) {
      output.printJson(actions);
    } else if (actions.isEmpty()) {
      output.println("No interrupted migration and nothing left over on " + String.join(", ", hosts) + ".");
    } else {
      actions.forEach(a -> output.println(a.describe()));
    }
    return 0;
  }
}
