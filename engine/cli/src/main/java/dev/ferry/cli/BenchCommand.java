package dev.ferry.cli;

import dev.ferry.engine.bench.BenchConditions;
import dev.ferry.engine.bench.BenchMethod;
import dev.ferry.engine.bench.BenchRun;
import dev.ferry.engine.bench.BenchWorkload;
import dev.ferry.engine.bench.BenchmarksDoc;
import dev.ferry.engine.bench.FreezeBench;
import dev.ferry.engine.bench.FreezeReport;
import dev.ferry.engine.bench.FreezeSummary;
import dev.ferry.engine.bench.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The freeze benchmark on the demo lab (issue #11): each workload moved back and forth by each method in
 * turn, every run appended to freeze-runs.jsonl, and the summary (freeze-results.json and .md, and with
 * --benchmarks the top-level BENCHMARKS.md) written again from all the runs in that file. Timing targets
 * are judged here, in the results, never in the tests.
 */
@Command(name = "bench", description = "Move lab containers back and forth with each method and write what the workloads felt.")
final class BenchCommand extends EngineCommand implements Callable<Integer> {
  // The full sitting (./ferry bench), in the order it runs: the three targets first (idle, 256 MiB touched
  // after resume, 1 GiB with a hot 10 %), then the web server, the freeze against size (64, 256, 1024 MiB touched
  // after resume) and the two shapes at 256 MiB. All at 1,000 pages/s: the 0 and 10,000 pages/s cells would double
  // the sitting beyond what this 2-core machine's shared lab has (about 5 min per 256 MiB workload, 8 per GiB);
  // --workloads matrix runs all 20.
  static final List<String> DEFAULT_WORKLOADS = List.of("idle", "mem256-all-1000", "mem1024-hot-1000", "web", "mem1024-all-1000",
      "mem64-all-1000", "mem256-hot-1000");
  static final List<String> QUICK_WORKLOADS = List.of("idle", "mem256-all-1000");
  static final int QUICK_ROUNDS = 3;

  @Option(names = "--quick", description = "the idle counter and 256 MiB touched after resume, " + QUICK_ROUNDS + " rounds (a few minutes)")
  private boolean quick;

  @Option(names = "--workloads", split = ",", description = "idle, web, mem<MiB>-<all|hot>-<pages/s>, or 'matrix' for all 20 of the issue")
  private List<String> workloads;

  @Option(names = "--methods", split = ",", defaultValue = "ferry-auto,stop-and-copy,post-copy,pre-copy,script,podman",
      description = "default: ${DEFAULT-VALUE}")
  private List<String> methods;

  @Option(names = "--runs", defaultValue = "5", description = "rounds; each method moves each workload once a round (default ${DEFAULT-VALUE})")
  private int runs;

  @Option(names = "--from", defaultValue = "ferry-a")
  private String from;

  @Option(names = "--to", defaultValue = "ferry-b")
  private String to;

  @Option(names = "--out", required = true, description = "directory for freeze-runs.{jsonl,csv}, freeze-conditions.jsonl, freeze-results.{json,md} and the charts (SVG, PNG)")
  private Path out;

  @Option(names = "--append", description = "add to the runs already in --out (a sitting split in parts) instead of starting afresh")
  private boolean append;

  @Option(names = "--benchmarks", description = "also write this BENCHMARKS.md from the runs")
  private Path benchmarks;

  @Option(names = "--notes", description = "hand-written notes BENCHMARKS.md includes as they are")
  private Path notes;

  @Option(names = "--lab-script", required = true, description = "native/lab/lab.sh")
  private Path labScript;

  @Option(names = "--workload-bin", required = true, description = "the built workloads (native/target/bin)")
  private Path workloadBin;

  @Option(names = "--lab", defaultValue = "ferry", description = "the lab's name (default ${DEFAULT-VALUE})")
  private String lab;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<String> ids = workloads != null ? workloads : quick ? QUICK_WORKLOADS : DEFAULT_WORKLOADS;
    if (ids.equals(List.of("matrix"))) {
      ids = BenchWorkload.fullMatrix();
    }
    List<BenchWorkload> ws = ids.stream().map(BenchWorkload::parse).toList();
    List<BenchMethod> ms = methods.stream().map(BenchMethod::parse).toList();
    int rounds = quick && workloads == null && runs == 5 ? QUICK_ROUNDS : runs;
    if (rounds < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    Files.createDirectories(out);
    Path runsFile = out.resolve("freeze-runs.jsonl");
    Path conditionsFile = out.resolve("freeze-conditions.jsonl");
    if (!append) {
      Files.deleteIfExists(runsFile);
      Files.deleteIfExists(conditionsFile);
    }
    var dir = cli.directory();
    FreezeBench bench = new FreezeBench(dir.host(from), dir.host(to), labScript, workloadBin, lab, dir.threads(), output.out());
    String session = Instant.now().toString();
    BenchConditions c = BenchConditions.probe(session, dir.host(from), bench.linkShape(), ids, methods, rounds);
    JsonLines.append(conditionsFile, c);
    int code = 0;
    try {
      bench.run(new FreezeBench.Options(ws, ms, rounds, session, runsFile));
    } catch (RuntimeException e) {
      output.err().println("ferry: bench stopped: " + e.getMessage());
      code = 1;
    }
    List<BenchRun> all = FreezeSummary.readRuns(runsFile);
    FreezeSummary summary = FreezeSummary.of(all);
    List<BenchConditions> conditions = BenchConditions.read(conditionsFile);
    List<Path> written = new ArrayList<>(List.of(runsFile));
    written.addAll(FreezeReport.write(out, conditions, all, summary));
    output.println("results: " + written);
    if (benchmarks != null) {
      BenchmarksDoc.write(benchmarks, notes, conditions, summary, out);
      output.println("and " + benchmarks);
    }
    return code;
  }
}
