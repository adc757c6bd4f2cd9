package dev.ferry.cli;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The freeze-time benchmark: migrates each given container back and forth with each strategy, and
 * writes every report plus a summary table (min / median / max total frozen time per container and
 * strategy) to a results file. Timing targets live here, never in the tests.
 */
@Command(name = "bench", description = "Migrate containers back and forth with each strategy and write the freeze times to a results file.")
final class BenchCommand extends EngineCommand implements Callable<Integer> {
  @Option(names = "--containers", split = ",", required = true, description = "containers to migrate (they start on --from)")
  private List<String> containers;

  @Mixin
  private MigrationEnds ends;

  @Option(names = "--strategies", split = ",", defaultValue = "stop-and-copy,post-copy", description = "default: ${DEFAULT-VALUE}")
  private List<String> strategies;

  @Option(names = "--runs", defaultValue = "3", description = "migrations per container and strategy (default ${DEFAULT-VALUE})")
  private int runs;

  @Option(names = "--out", required = true, description = "results file (JSON); a Markdown table is written beside it")
  private Path out;

  // vzctl 4.7's average total suspended time, idle container, two VMs on one box (field notes §2).
  static final long VZMIGRATE_FROZEN_MS = 3377;

  /** One line of the summary table. */
  record Summary(String container, String strategy, int runs, long minFrozenMs, long medianFrozenMs, long maxFrozenMs, long medianTotalMs) {}

  record Results(Instant at, String from, String to, List<Summary> summary, List<MigrationReport> reports) {}

  @Override
  public Integer call() throws IOException {
    var dir = cli.directory();
    SshHost a = dir.host(ends.from);
    SshHost b = dir.host(ends.to);
    List<MigrationReport> all = new ArrayList<>();
    List<Summary> summary = new ArrayList<>();
    for (String ct : containers) {
      for (String s : strategies) {
        Strategy strategy = Strategy.parse(s);
        List<MigrationReport> these = new ArrayList<>();
        for (int i = 0; i < runs * 2; i++) {
          boolean there = i % 2 == 0;
          MigrationReport r = new Migration(there ? a : b, there ? b : a,
              new MigrationRequest(ContainerName.of(ct), Optional.of(strategy), false), dir.threads()).run();
          all.add(r);
          if (r.outcome() != MigrationReport.Outcome.MIGRATED) {
            output.err().println("ferry: bench stopped: " + ct + " " + strategy + ": " + (r.failure() == null ? r.outcome() : r.failure().summary()));
            write(new Results(Instant.now(), ends.from, ends.to, summary, all));
            return 1;
          }
          these.add(r);
          output.printf("%-16s %-14s %s -> %s  frozen %5d ms  total %5d ms%n", ct, strategy, r.source(), r.destination(),
              r.freeze().totalFrozenMillis(), r.totalMillis());
        }
        summary.add(summarize(ct, strategy, these));
      }
    }
    write(new Results(Instant.now(), ends.from, ends.to, summary, all));
    return 0;
  }

  static Summary summarize(String ct, Strategy strategy, List<MigrationReport> reports) {
    List<Long> frozen = reports.stream().map(r -> r.freeze().totalFrozenMillis()).sorted().toList();
    List<Long> total = reports.stream().map(MigrationReport::totalMillis).sorted().toList();
    return new Summary(ct, strategy.label(), frozen.size(), frozen.get(0), frozen.get(frozen.size() / 2), frozen.get(frozen.size() - 1),
        total.get(total.size() / 2));
  }

  private void write(Results results) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, Json.write(results));
    StringBuilder md = new StringBuilder("# Freeze-time benchmark\n\n")
        .append(results.at()).append(", ").append(ends.from).append(" <-> ").append(ends.to).append("\n\n")
        .append("| container | strategy | migrations | frozen min (ms) | frozen median (ms) | frozen max (ms) | total median (ms) |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Summary s : results.summary()) {
      md.append("| ").append(s.container()).append(" | ").append(s.strategy()).append(" | ").append(s.runs()).append(" | ")
          .append(s.minFrozenMs()).append(" | ").append(s.medianFrozenMs()).append(" | ").append(s.maxFrozenMs()).append(" | ")
          .append(s.medianTotalMs()).append(" |\n");
    }
    md.append("\nThe number to beat: vzctl 4.7's total suspended time for an idle container, ").append(VZMIGRATE_FROZEN_MS)
        .append(" ms (field notes §2).\n");
    Files.writeString(Path.of(out.toString().replaceAll("\\.json$", "") + ".md"), md.toString());
    output.println("results: " + out + " and " + out.toString().replaceAll("\\.json$", "") + ".md");
  }
}
