package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.RequiresLab;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue #9, for the faults a migration's own listener can strike: each fault at
 * the start of each phase where it can strike, stop-and-copy and post-copy. Every cell ends with the
 * container running on exactly one host and nothing of it left anywhere else (see {@link Verdict}).
 * By default the representative cell of each fault runs; {@code -Dferry.faults=full} runs them all.
 */
@RequiresLab
class FaultMatrixLabTest {
  private static Lab lab;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
  }

  static Stream<FaultCatalog.Cell> cells() {
    return FaultCatalog.cells().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void aFaultAtAnyPhaseLeavesTheContainerRunningOnExactlyOneHostWithNothingLeftElsewhere(FaultCatalog.Cell cell) throws Exception {
    CellResult r = CellRunner.run(lab, cell, "counter");
    assertThat(r.problems()).as("%s: outcome %s, runs on %s", cell, r.outcome(), r.runsOn()).isEmpty();
  }
}
