package dev.ferry.engine.cli;

import dev.ferry.engine.util.Json;

import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.HostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Shows what a host is and can do, with each missing piece and its fix. */
@Command(name = "probe", description = "Show what a host is and what it can do for migrations.")
final class ProbeCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand
  private FerryCli cli;

  @Parameters(paramLabel = "HOST")
  private String host;

  @Option(names = "--json", description = "print JSON")
  private boolean json;

  @Override
  public Integer call() {
    HostReport r = new HostProbe(cli.directory().host(host)).report();
    if (json) {
      System.out.println(Json.write(r));
      return r.usable() ? 0 : 3;
    }
    var f = r.facts();
    System.out.printf("%s: %s, kernel %s, %s%n", host, f.os(), f.kernel(), f.architecture());
    System.out.printf("  CPU      %s, %d cores%n", f.cpu().model(), f.cpu().cores());
    System.out.printf("  memory   %d MiB total, %d MiB available%n", f.memory().totalBytes() >> 20, f.memory().availableBytes() >> 20);
    System.out.printf("  disk     %d MiB free of %d MiB at %s%n", f.disk().freeBytes() >> 20, f.disk().totalBytes() >> 20, f.disk().path());
    System.out.printf("  cgroups  %s%n", f.cgroup());
    System.out.printf("  CRIU     %s%s%n", f.criu().installed() ? f.criu().version() : "not installed", f.criu().checkPassed() ? " (criu check passes)" : "");
    System.out.printf("  pre-copy %s, post-copy %s%n", f.criu().preCopy() ? "yes" : "no", f.criu().postCopy() ? "yes" : "no");
    f.runtimes().forEach(rt -> System.out.printf("  runtime  %s %s%s%n", rt.name(), rt.version(), rt.canCheckpoint() ? " (can checkpoint)" : ""));
    for (Finding finding : r.findings()) {
      System.out.printf("  %-7s %s%n          fix: %s%n", finding.severity(), finding.title(), finding.fix());
    }
    return r.usable() ? 0 : 3;
  }
}
