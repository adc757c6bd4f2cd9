package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copy slower than any fixed deadline: from the freeze on, the destination's link is shaped down
 * (tbf, 4 Mbit/s) so that moving the memory workload takes longer than the source's watchdog allows.
 * The representative cell uses a 20 s deadline and 24 MiB (about 50 s of copy); the full run uses the
 * engine's default deadline and 96 MiB (over 3 minutes).
 */
@RequiresLab
class SlowCopyLabTest {
  private static final String SLOW = "rate 4mbit";
  private static Lab lab;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
  }

  record SlowCell(Strategy strategy, boolean representative) {
    @Override
    public String toString() {
      return "slow-copy, " + strategy.label() + (representative ? " (representative)" : "");
    }
  }

  static Stream<SlowCell> cells() {
    return Stream.of(new SlowCell(Strategy.STOP_AND_COPY, true), new SlowCell(Strategy.POST_COPY, false))
        .filter(c -> FaultCatalog.full() || c.representative());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void aCopySlowerThanTheWatchdogsDeadlineStillEndsWithTheContainerOnExactlyOneHost(SlowCell cell) throws Exception {
    boolean full = FaultCatalog.full();
    Duration watchdog = full ? MigrationRequest.DEFAULT_WATCHDOG_DEADLINE : Duration.ofSeconds(20);
    String mib = full ? "96" : "24";
    FaultCatalog.Cell c = new FaultCatalog.Cell("slow-copy", SlowCopyLabTest::slowLink, Phase.FREEZE_DUMP, cell.strategy(), cell.representative());
    CellResult r = CellRunner.run(lab, c, watchdog, "memory", "--mib", mib, "--log", "/var/log/memory.log");
    assertThat(r.problems()).as("%s: outcome %s, runs on %s", cell, r.outcome(), r.runsOn()).isEmpty();
  }

  private static Fault slowLink() {
    return new Fault() {
      @Override
      public String name() {
        return "slow-copy";
      }

      @Override
      public String description() {
        return "the destination's link shaped to 4 Mbit/s from the freeze on, so the copy outlasts the watchdog's deadline";
      }

      @Override
      public void inject(FaultScene s) {
        s.sh("shape", s.destination(), SLOW);
      }

      @Override
      public List<String> heal(FaultScene s) {
        // `up` puts every link back to the lab's own shaping.
        s.sh("up");
        return List.of();
      }
    };
  }
}
