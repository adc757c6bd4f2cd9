package dev.ferry.engine.evacuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvacuationPlanTest {
  private static PlannedMove move(String ct, String target, PreflightCheck... checks) {
    return new PlannedMove(ct, "runc", 0, Optional.of(target), true, List.of(checks),
        Optional.of(new StrategyChoice(Strategy.STOP_AND_COPY, "no dirty tracking")), Optional.empty());
  }

  private final EvacuationPlan plan = new EvacuationPlan("ferry-a", List.of(
      move("counter", "ferry-b", PreflightCheck.pass("criu", "4.2.1")),
      move("memory", "ferry-b", PreflightCheck.warn("rsync", "no rsync: tar instead")),
      move("held", "ferry-b", PreflightCheck.fail("holdings", "it holds a device CRIU cannot move"))), List.of());

  @Test
  void passAndWarnMoveAndAFailureBlocksWithItsReason() {
    assertThat(plan.moves()).extracting(PlannedMove::verdict).containsExactly("pass", "warn (1): no rsync: tar instead",
        "blocked: holdings: it holds a device CRIU cannot move");
    assertThat(plan.willMove()).isEqualTo(2);
  }

  @Test
  void leavingAContainerOutKeepsItInThePlanButNotInTheMoves() {
    EvacuationPlan out = plan.exclude("memory", true);
    assertThat(out.move("memory")).hasValueSatisfying(m -> assertThat(m.included()).isFalse());
    assertThat(out.willMove()).isEqualTo(1);
    assertThat(out.exclude("memory", false).willMove()).isEqualTo(2);
    assertThat(plan.willMove()).as("plans do not change in place").isEqualTo(2);
    assertThatThrownBy(() -> plan.exclude("nope", true)).hasMessageContaining("has no container nope");
  }

  @Test
  void theSummarySaysWhatMovedWhatStayedAndWhyAndWhereEachRuns() {
    EvacuationSummary s = new EvacuationSummary("ferry-a", List.of(
        new ContainerOutcome("counter", Optional.of("ferry-b"), true, "", List.of("ferry-b"), Optional.of("m1")),
        new ContainerOutcome("held", Optional.of("ferry-b"), false, "holdings: it holds a device", List.of("ferry-a"), Optional.empty())));
    assertThat(s.describe()).isEqualTo("""
        1 of 2 containers moved off ferry-a.
        counter: moved to ferry-b; running on ferry-b
        held: stayed on ferry-a (holdings: it holds a device); running on ferry-a""");
  }
}
