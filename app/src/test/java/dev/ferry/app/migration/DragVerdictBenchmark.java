package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a timed test: what one drag start costs, i.e. every pane's verdict for the dragged
 * card, with 10 hosts of 50 containers each from real probe recordings (one of them with an old CRIU,
 * so refusals are timed too). The figures go to target/bench/drag-verdicts.md; the test asserts only
 * that every pane got a verdict.
 */
class DragVerdictBenchmark {
  private static final int HOSTS = 10;
  private static final int CONTAINERS = 50;
  private static final int WARM_UP = 200;
  private static final int DRAGS = 1000;

  @TempDir
  Path store;

  @Test
  void measuresEveryPanesVerdictFromDragStart() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    String load = Files.exists(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3)) : "unknown";
    CachedFacts facts = new CachedFacts();
    String good = CachedFacts.recording(CachedFacts.CRIU_421);
    for (int h = 0; h < HOSTS; h++) {
      String[] cts = new String[CONTAINERS];
      for (int c = 0; c < CONTAINERS; c++) {
        cts[c] = "ct-" + h + "-" + c;
      }
      facts.host("host-" + h, h == HOSTS - 1 ? CachedFacts.recording(CachedFacts.CRIU_3171) : good, cts);
    }
    long[] nanos = new long[DRAGS];
    List<MigrationPort.DropVerdict> last = List.of();
    try (EngineThreads threads = new EngineThreads()) {
      MigrationFeature feature = new MigrationFeature(facts, new CurrentThreadTaskExecutor(), threads, new ReportStore(store));
      for (int i = 0; i < WARM_UP + DRAGS; i++) {
        ContainerRef dragged = new ContainerRef("host-" + (i % HOSTS), "ct-" + (i % HOSTS) + "-" + (i % CONTAINERS), "runc");
        long t0 = System.nanoTime();
        last = feature.verdictsForAllPanes(dragged);
        long took = System.nanoTime() - t0;
        if (i >= WARM_UP) {
          nanos[i - WARM_UP] = took;
        }
      }
      last = feature.verdictsForAllPanes(new ContainerRef("host-0", "ct-0-0", "runc"));
    }
    assertThat(last).hasSize(HOSTS).allSatisfy(v -> assertThat(v.reason()).isNotBlank());
    assertThat(last).extracting(MigrationPort.DropVerdict::reason).startsWith("same host").endsWith("no CRIU 4.2 on host-9")
        .contains("can take ct-0-0");
    Arrays.sort(nanos);
    String md = String.format(Locale.ROOT, """
        # Drag start to every pane's verdict

        Measured %s by DragVerdictBenchmark (app/src/test): %d hosts x %d containers from recorded probes
        (one host with CRIU 3.17.1, refused), %d drags after %d warm-up drags, on this JVM (%s, %d CPUs,
        load average %s when it started: other builds share the machine).
        One drag = MigrationFeature.verdictsForAllPanes: the engine's CachedPreflight rules for every pane,
        from cached facts only (no SSH). Rendering the pane highlight is not included.
        Not part of the test run (the name does not end in Test); run it with
        `./mvnw -q -B -pl app -am test -Dtest=DragVerdictBenchmark -Dsurefire.failIfNoSpecifiedTests=false`.

        | median | p99 | max | target |
        |---|---|---|---|
        | %.3f ms | %.3f ms | %.3f ms | under 100 ms |
        """, Instant.now(), HOSTS, CONTAINERS, DRAGS, WARM_UP, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load,
        ms(nanos[DRAGS / 2]), ms(nanos[DRAGS * 99 / 100]), ms(nanos[DRAGS - 1]));
    Path out = Path.of("target", "bench", "drag-verdicts.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
    System.out.println(md);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
