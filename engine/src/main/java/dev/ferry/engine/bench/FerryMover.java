package dev.ferry.engine.bench;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PhaseTiming;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Moves a container with Ferry's engine, with a given strategy or Ferry's own choice, and reads the report. */
final class FerryMover {
  private final EngineThreads threads;

  FerryMover(EngineThreads threads) {
    this.threads = threads;
  }

  Moved move(SshHost from, SshHost to, String ct, Optional<Strategy> strategy) {
    long start = System.currentTimeMillis();
    MigrationReport r = new Migration(from, to, new MigrationRequest(ContainerName.of(ct), strategy, false), threads).run();
    return fromReport(r, start);
  }

  static Moved fromReport(MigrationReport r, long start) {
    if (r.outcome() == MigrationReport.Outcome.BLOCKED) {
      String why = r.checks().stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).map(c -> c.name() + ": " + c.reason())
          .collect(Collectors.joining("; "));
      return Moved.notOk("refused", why.isEmpty() && r.failure() != null ? r.failure().summary() : why, start);
    }
    if (r.outcome() != MigrationReport.Outcome.MIGRATED) {
      return Moved.notOk("failed", r.outcome() + ": " + (r.failure() == null ? "" : r.failure().summary()), start);
    }
    long t0 = r.startedAt().toEpochMilli();
    long freezeStart = r.phases().stream().filter(p -> p.phase().frozen() || p.phase() == Phase.DIVERT).mapToLong(PhaseTiming::startMillis)
        .min().orElse(0);
    long firstFrozen = r.phases().stream().filter(p -> p.phase().frozen()).mapToLong(PhaseTiming::startMillis).min().orElse(0);
    Map<String, Long> phases = new LinkedHashMap<>();
    for (PhaseTiming p : r.phases()) {
      phases.merge(p.phase().name().toLowerCase(Locale.ROOT), p.durationMillis(), Long::sum);
    }
    Long lastPage = r.phases().stream().filter(p -> p.phase() == Phase.LAZY_PAGES).map(p -> p.endMillis() - firstFrozen).findFirst()
        .orElse(null);
    Double copy = r.phases().stream().filter(p -> p.phase() == Phase.COPY_DUMP && p.durationMillis() > 0 && p.bytes() > 0)
        .map(p -> p.bytes() / 1000.0 / p.durationMillis()).findFirst().orElse(null);
    return new Moved("ok", "", start, t0 + freezeStart, t0 + r.totalMillis(), r.freeze().totalFrozenMillis(), phases, lastPage,
        r.strategy().label(), r.bytesMoved(), copy, BenchRun.Criu.of(r.criuDump(), r.criuRestore()));
  }
}
