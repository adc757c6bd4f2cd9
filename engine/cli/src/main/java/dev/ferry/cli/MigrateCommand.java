package dev.ferry.cli;

import dev.ferry.engine.clientview.ClientWatch;
import dev.ferry.engine.clientview.ClientWatchedMigration;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Live-migrates a container and prints the freeze-time breakdown (or the whole report as JSON). */
@Command(name = "migrate", description = "Live-migrate a running container to another host.")
final class MigrateCommand extends ContainerCommand implements Callable<Integer> {
  @Mixin
  private MigrationEnds ends;

  @Option(names = "--strategy", defaultValue = "auto", description = "auto, pre-copy, post-copy or stop-and-copy")
  private String strategy;

  @Option(names = "--dry-run", description = "run the checks and choose the strategy; change nothing")
  private boolean dryRun;

  @Option(names = "--client", paramLabel = "ADDRESS:PORT", description = "watch the container's service as a client would"
      + " (a connection every 20 ms) and report the longest gap it saw")
  private String client;

  @Option(names = "--client-from", paramLabel = "HOST", description = "the host the client runs on (with --client; default: --to)")
  private String clientFrom;

  @Option(names = "--client-netns", paramLabel = "PATH", description = "run the client inside this network namespace on its host"
      + " (nsenter --net; for the lab's LAN: /var/lib/ferry-lab/NAME/router-netns)")
  private String clientNetns = "";

  @Option(names = "--watchdog", paramLabel = "SECONDS", hidden = true, description = "no longer used: the source's watchdog acts"
      + " when this client stops renewing its lease (15 s), however long the migration takes")
  private long watchdogSeconds = MigrationRequest.DEFAULT_WATCHDOG_DEADLINE.toSeconds();

  @Override
  public Integer call() {
    Optional<Strategy> s = strategy.equalsIgnoreCase("auto") ? Optional.empty() : Optional.of(Strategy.parse(strategy));
    var dir = cli.directory();
    Migration m = new Migration(dir.host(ends.from), dir.host(ends.to), new MigrationRequest(ContainerName.of(container), s, dryRun, Duration.ofSeconds(watchdogSeconds)), dir.threads());
    if (!output.json()) {
      m.addListener(new MigrationListener() {
        @Override
        public void phaseFinished(String id, Phase phase, Duration took, long bytes) {
          output.printf("  %-40s %6d ms%s%n", phase.label(), took.toMillis(), bytes > 0 ? "  " + bytes + " bytes" : "");
        }

        @Override
        public void note(String id, String message) {
          output.println("  " + message);
        }
      });
    }
    MigrationReport r;
    if (client != null && !dryRun) {
      var watch = ClientWatch.parse(client, clientFrom == null ? ends.to : clientFrom, clientNetns);
      r = ClientWatchedMigration.run(m, dir.host(watch.fromHost()), watch, List.of());
    } else {
      r = m.run();
    }
    // The outcome first: it says where the container runs, which a full disk must not hide.
    if (output.json()) {
      output.printJson(r);
    } else {
      print(r);
    }
    try {
      ReportStore.defaultStore().save(r);
    } catch (UncheckedIOException e) {
      output.err().println("ferry: the report was not saved (the outcome above stands): " + e.getMessage());
    }
    return switch (r.outcome()) {
      case MIGRATED, CHECKED -> 0;
      case MIGRATED_WITH_LEFTOVERS -> 6;
      case BLOCKED -> 3;
      case ROLLED_BACK -> 4;
      case NEEDS_ATTENTION -> 5;
    };
  }

  private void print(MigrationReport r) {
    for (PreflightCheck c : r.checks()) {
      if (c.status() != PreflightCheck.Status.PASS) {
        output.printf("  %s %s: %s%n", c.status(), c.name(), c.reason());
      }
    }
    output.printf("%s: %s (%s -> %s, %s)%n", r.container(), r.outcome(), r.source(), r.destination(), r.strategy());
    if (r.outcome() == MigrationReport.Outcome.MIGRATED) {
      var f = r.freeze();
      output.printf("  freeze + dump %d ms, copy after freeze %d ms, copy dump %d ms, restore + resume %d ms%n",
          f.freezeAndDumpMillis(), f.copyAfterFreezeMillis(), f.copyDumpMillis(), f.restoreAndResumeMillis());
      output.printf("  total frozen %d ms (processes paused); unreachable %d ms (until the hand-over let traffic in); total %d ms%n",
          f.totalFrozenMillis(), f.unreachableMillis(), r.totalMillis());
    }
    if (r.clientGap() != null) {
      var g = r.clientGap();
      output.printf("  a client on %s saw %s%n", g.fromHost(), g.measured()
          ? g.longestGapMillis() + " ms without an answer from " + g.address() + ":" + g.port() + " (" + g.answered() + " of " + g.attempts()
              + " answered)" : "nothing: " + g.problem());
    }
    if (r.placement() != null) {
      output.printf("  checked afterwards: %s%n", r.placement().describe());
    }
    if (r.failure() != null) {
      output.println("  " + r.failure().summary());
      output.println("  What to do: " + r.failure().advice());
    }
  }
}
