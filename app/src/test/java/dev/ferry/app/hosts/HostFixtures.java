package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.DiskUsage;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.probe.CgroupVersion;
import dev.ferry.engine.probe.CpuInfo;
import dev.ferry.engine.probe.CriuFeature;
import dev.ferry.engine.probe.CriuInfo;
import dev.ferry.engine.probe.DiskInfo;
import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.probe.MemoryInfo;
import dev.ferry.engine.probe.NetworkLock;
import dev.ferry.engine.probe.RuntimeInfo;
import dev.ferry.engine.probe.ToolInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Engine values as a real host would give them, for view-model tests; and a recording {@link Moves}. */
final class HostFixtures {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private HostFixtures() {}

  static HostFacts facts(Set<CriuFeature> features) {
    return new HostFacts("ferry-a", "Debian GNU/Linux 12 (bookworm)", "6.18.4", "x86_64", "root", true,
        new CpuInfo("Test CPU", 2, Set.of("sse3")), new MemoryInfo(8L << 30, 6L << 30), new DiskInfo("/var/lib/ferry", 100L << 30, 60L << 30),
        CgroupVersion.values()[0], 4L << 20, List.of(new RuntimeInfo("runc", "/usr/sbin/runc", "1.1.5", "runc", true)),
        new ToolInfo("rsync", "/usr/bin/rsync", "3.2.7"), new CriuInfo("/usr/local/sbin/criu", "4.2.1", true, "Looks good.", features),
        new NetworkLock("iptables", "", true, false, false));
  }

  static HostReport report(List<Finding> findings, Set<CriuFeature> features) {
    return new HostReport("ferry-a", facts(features), findings);
  }

  static ContainerInfo container(String id, ContainerState state, Instant created) {
    return new ContainerInfo(id, "runc", state, 4242, "/var/lib/ferry/containers/" + id, "", created, OptionalLong.of(1 << 20),
        OptionalLong.of(1), OptionalLong.empty());
  }

  static HostSample hostSample(double cpu, long memUsed, long memTotal, double rx, double tx) {
    return new HostSample("ferry-a", T0, 2, cpu, 0.1, 0.1, 0.1, memTotal, memTotal - memUsed,
        Optional.of(new DiskUsage(100L << 30, 40L << 30, 60L << 30)), rx, tx);
  }

  static ContainerSample containerSample(String id, double cpu, long memory) {
    return new ContainerSample("ferry-a", id, T0, cpu, memory, 1);
  }

  /** Verdicts from a table, and a log of what the panes asked for. */
  static final class RecordingMoves implements Moves {
    final List<String> log = new ArrayList<>();
    DropVerdict verdict = DropVerdict.accept("");
    List<ContainerCardViewModel.MoveTarget> targets = List.of();

    @Override
    public DropVerdict verdict(ContainerRef container, String targetHost) {
      return verdict;
    }

    @Override
    public List<ContainerCardViewModel.MoveTarget> targetsFor(ContainerRef container) {
      return targets;
    }

    @Override
    public void requestMove(ContainerRef container, String targetHost) {
      log.add("move " + container.name() + " to " + targetHost);
    }

    @Override
    public void dragStarted(ContainerRef container) {
      log.add("drag " + container.name());
    }

    @Override
    public void dragEnded() {
      log.add("drag ended");
    }

    @Override
    public DropVerdict restoreVerdict(dev.ferry.app.model.CheckpointRef checkpoint, String targetHost) {
      return verdict;
    }

    @Override
    public void requestRestore(dev.ferry.app.model.CheckpointRef checkpoint, String targetHost) {
      log.add("restore " + checkpoint.label() + " on " + targetHost);
    }
  }
}
