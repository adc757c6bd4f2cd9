package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {
  private static CellResult cell(String fault, String runsOn, List<String> problems) {
    return new CellResult(fault, "RESTORE", "stop-and-copy", "counter", true, "ROLLED_BACK", "", runsOn, 640, 610, 12, "",
        problems, "handover@abc1234", "2026-12-01T20:00:00Z");
  }

  @Test
  void countsInjectedFaultsAndLostContainersAndListsEveryBrokenPromise() {
    String md = ReliabilityReport.render(List.of(
        cell("damaged-image", "ferry-a", List.of()),
        cell("destination-crash", "NOWHERE", List.of("LOST: fm-1 runs on no host")),
        cell("host-link-cut", "BOTH", List.of("TWO COPIES: fm-2 runs on ferry-a and on ferry-b"))));
    assertThat(md).contains("cells run: 3; faults injected: 3; **containers lost or doubled: 2**; cells with a broken promise: 2");
    assertThat(md).contains("| damaged-image | RESTORE | stop-and-copy | ROLLED_BACK | ferry-a | 0.64 s | 0.61 s | no | ok |");
    assertThat(md).contains("LOST: fm-1 runs on no host").contains("TWO COPIES");
  }

  @Test
  void aCellThatRanOnExactlyOneHostIsNotLost() {
    assertThat(cell("x", "ferry-b", List.of()).lost()).isFalse();
    assertThat(cell("x", "NOWHERE", List.of("LOST")).lost()).isTrue();
  }

  @Test
  void aContainerKilledWithItsSourceIsCountedApartAndStillFailsIfTheReportIsSilent() {
    CellResult said = cell("source-crash", Verdict.DIED_WITH + "ferry-a", List.of());
    CellResult silent = cell("source-crash", Verdict.DIED_WITH + "ferry-a", List.of("LOST: fm-3 died with ferry-a and the report does not say so"));

    String md = ReliabilityReport.render(List.of(said, silent));

    assertThat(said.lost()).isFalse();
    assertThat(said.diedWithHost()).isTrue();
    assertThat(silent.lost()).as("killed with its host, but the report did not say so").isTrue();
    assertThat(md).contains("**containers lost or doubled: 1**; cells with a broken promise: 1").contains("- killed with their host: 2");
    assertThat(md).contains("| source-crash | RESTORE | stop-and-copy | ROLLED_BACK | died with ferry-a |");
  }
}
