package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 100 back-to-back migrations of the counter between two hosts (auto strategy), outside the default
 * run ({@code ./ferry test --long}, or -Dgroups=long). After each one, both hosts are asked where it
 * runs. The freeze of each migration is the gap the counter felt around it (its realtime ticks), with
 * the engine's figure beside it; median and maximum go to target/faults/pingpong.json.
 */
@RequiresLab
@Tag("long")
class PingPongHundredLabTest {
  private static final int MIGRATIONS = Integer.getInteger("ferry.pingpong.count", 100);
  private static Lab lab;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
  }

  @Test
  void aHundredMigrationsInARowLoseNothing() throws Exception {
    String ct = LabContainers.uniqueName("pp");
    List<Long> engine = new ArrayList<>();
    List<Long> felt = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (EngineThreads threads = new EngineThreads()) {
      CellRunner.startWorkload(lab, ct, "counter");
      SshHost a = lab.connect(CellRunner.SOURCE, threads);
      SshHost b = lab.connect(CellRunner.DESTINATION, threads);
      try {
        for (int i = 0; i < MIGRATIONS && failures.isEmpty(); i++) {
          SshHost from = i % 2 == 0 ? a : b;
          SshHost to = i % 2 == 0 ? b : a;
          long before = System.currentTimeMillis();
          MigrationReport r = new Migration(from, to, new MigrationRequest(ContainerName.of(ct), Optional.empty(), false), threads).run();
          if (r.outcome() != MigrationReport.Outcome.MIGRATED) {
            failures.add("migration " + (i + 1) + ": " + r.outcome() + " " + (r.failure() == null ? "" : r.failure().summary()));
            break;
          }
          LabContainers.awaitTicks(to, ct, System.currentTimeMillis(), 3);
          Verdict v = Verdict.judge(lab, from.name(), to.name(), ct, "counter", r.outcome().name(), "",
              CellRunner.placementOf(r));
          if (!v.problems.isEmpty()) {
            failures.add("migration " + (i + 1) + ": " + v.problems);
            break;
          }
          TickLog log = TickLog.parse(HostCensus.take(lab, to.name(), ct, "counter.log").log());
          felt.add(gapAround(log, before, System.currentTimeMillis()));
          engine.add(r.freeze().totalFrozenMillis());
          if ((i + 1) % 10 == 0) {
            System.out.printf("ping-pong: %d migrations, last frozen %d ms (engine %d ms)%n", i + 1, felt.get(i), engine.get(i));
          }
        }
      } finally {
        a.close();
        b.close();
      }
    } finally {
      CellRunner.restoreLab(lab, ct);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("engine", CellRunner.engineRevision());
    out.put("migrations", felt.size());
    out.put("failures", failures);
    out.put("frozenTicksMedianMillis", median(felt));
    out.put("frozenTicksMaxMillis", felt.stream().mapToLong(Long::longValue).max().orElse(-1));
    out.put("frozenEngineMedianMillis", median(engine));
    out.put("frozenEngineMaxMillis", engine.stream().mapToLong(Long::longValue).max().orElse(-1));
    out.put("frozenTicksMillis", felt);
    out.put("frozenEngineMillis", engine);
    Files.createDirectories(ResultsFile.DIR);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(ResultsFile.DIR.resolve("pingpong.json").toFile(), out);
    System.out.printf("ping-pong: %d of %d migrations; frozen (ticks) median %d ms, max %d ms; engine median %d ms, max %d ms; failures %s%n",
        felt.size(), MIGRATIONS, out.get("frozenTicksMedianMillis"), out.get("frozenTicksMaxMillis"), out.get("frozenEngineMedianMillis"),
        out.get("frozenEngineMaxMillis"), failures);
    assertThat(failures).isEmpty();
    assertThat(felt).hasSize(MIGRATIONS);
  }

  /** The largest gap between consecutive ticks stamped within [from, to]: what this one migration's freeze felt like. */
  private static long gapAround(TickLog log, long from, long to) {
    long max = 0;
    for (int i = 1; i < log.stamps().size(); i++) {
      long t = log.stamps().get(i);
      if (t >= from && t <= to + 1000) {
        max = Math.max(max, t - log.stamps().get(i - 1));
      }
    }
    return max;
  }

  private static long median(List<Long> xs) {
    if (xs.isEmpty()) {
      return -1;
    }
    List<Long> s = xs.stream().sorted().toList();
    return s.get(s.size() / 2);
  }
}
