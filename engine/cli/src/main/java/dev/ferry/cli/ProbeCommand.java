package dev.ferry.cli;

import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.HostReport;
import picocli.CommandLine.Command;

/** Shows what a host is and can do, with each missing piece and its fix. */
@Command(name = "probe", description = "Show what a host is and what it can do for migrations.")
final class ProbeCommand extends HostCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    HostReport r = new HostProbe(cli.directory().host(host)).report();
    if (output.json()) {
      output.printJson(r);
      return r.usable() ? 0 : 3;
    }
    var f = r.facts();
    output.printf("%s: %s, kernel %s, %s%n", host, f.os(), f.kernel(), f.architecture());
    output.printf("  CPU      %s, %d cores%n", f.cpu().model(), f.cpu().cores());
    output.printf("  memory   %d MiB total, %d MiB available%n", f.memory().totalBytes() >> 20, f.memory().availableBytes() >> 20);
    output.printf("  disk     %d MiB free of %d MiB at %s%n", f.disk().freeBytes() >> 20, f.disk().totalBytes() >> 20, f.disk().path());
    output.printf("  cgroups  %s%n", f.cgroup());
    output.printf("  CRIU     %s%s%n", f.criu().installed() ? f.criu().version() : "not installed", f.criu().checkPassed() ? " (criu check passes)" : "");
    output.printf("  pre-copy %s, post-copy %s%n", f.criu().preCopy() ? "yes" : "no", f.criu().postCopy() ? "yes" : "no");
    f.runtimes().forEach(rt -> output.printf("  runtime  %s %s%s%n", rt.name(), rt.version(), rt.canCheckpoint() ? " (can checkpoint)" : ""));
    for (Finding finding : r.findings()) {
      output.printf("  %-7s %s%n          fix: %s%n", finding.severity(), finding.title(), finding.fix());
    }
    return r.usable() ? 0 : 3;
  }
}
