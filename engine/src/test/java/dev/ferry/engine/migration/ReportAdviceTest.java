package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The advice comes from the outcome and the placement that was checked, and never contradicts them. */
class ReportAdviceTest {
  private static MigrationReport.Placement placement(String a, String b) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ferry-a", a);
    m.put("ferry-b", b);
    List<String> running = m.entrySet().stream().filter(e -> e.getValue().equals("running")).map(Map.Entry::getKey).toList();
    return new MigrationReport.Placement(m, running, "now");
  }

  @Test
  void aRollBackThatIsConfirmedSaysWhereTheContainerRuns() {
    var p = placement("running", "absent");

    assertThat(ReportAdvice.checked(MigrationReport.Outcome.ROLLED_BACK, p, "ferry-a", "ferry-b")).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
    assertThat(ReportAdvice.advice(MigrationReport.Outcome.ROLLED_BACK, "web", p, "ferry-a", "ferry-b", "Try again.", List.of(), ""))
        .startsWith("web was brought back on ferry-a and runs there").doesNotContain("did not finish");
  }

  @Test
  void aRollBackThatLeftTheContainerNowhereNeedsAttentionAndSaysSo() {
    var p = placement("absent", "absent");

    var outcome = ReportAdvice.checked(MigrationReport.Outcome.ROLLED_BACK, p, "ferry-a", "ferry-b");
    String advice = ReportAdvice.advice(outcome, "web", p, "ferry-a", "ferry-b", "", List.of("resume: failed"), "");

    assertThat(outcome).isEqualTo(MigrationReport.Outcome.NEEDS_ATTENTION);
    assertThat(advice).contains("not found running on either host").doesNotContain("brought back");
  }

  @Test
  void aContainerFoundOnBothHostsIsNeverReportedAsMigrated() {
    var p = placement("running", "running");

    assertThat(ReportAdvice.checked(MigrationReport.Outcome.MIGRATED, p, "ferry-a", "ferry-b")).isEqualTo(MigrationReport.Outcome.NEEDS_ATTENTION);
    assertThat(ReportAdvice.where("web", p, "ferry-a", "ferry-b")).contains("running on ferry-a and ferry-b");
  }

  @Test
  void leftoversAfterTheHandOverSayWhereItRunsAndWhatWasLeft() {
    var p = placement("paused", "running");

    assertThat(ReportAdvice.checked(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS, p, "ferry-a", "ferry-b"))
        .isEqualTo(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS);
    assertThat(ReportAdvice.advice(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS, "web", p, "ferry-a", "ferry-b", "", List.of(),
        "the original (paused); run './ferry recover ferry-a ferry-b'")).startsWith("web runs on ferry-b").contains("ferry recover");
  }
}
