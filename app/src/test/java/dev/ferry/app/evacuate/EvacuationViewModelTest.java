package dev.ferry.app.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.evacuate.ContainerOutcome;
import dev.ferry.engine.evacuate.EvacuationListener;
import dev.ferry.engine.evacuate.EvacuationPlan;
import dev.ferry.engine.evacuate.EvacuationSummary;
import dev.ferry.engine.evacuate.HostLoad;
import dev.ferry.engine.evacuate.PlannedMove;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evacuation sheet's model against a scripted engine: plan first, changes, confirm, progress, summary. */
class EvacuationViewModelTest {
  private static PlannedMove move(String ct, String target, PreflightCheck check) {
    return new PlannedMove(ct, "runc", 0, Optional.of(target), true, List.of(check),
        Optional.of(new StrategyChoice(Strategy.POST_COPY, "userfaultfd on both")), Optional.empty());
  }

  private final List<String> calls = new ArrayList<>();

  private final EvacuationEngine engine = new EvacuationEngine() {
    @Override
    public EvacuationPlan plan() {
      calls.add("plan");
      return new EvacuationPlan("ferry-a", List.of(move("counter", "ferry-b", PreflightCheck.pass("criu", "ok")),
          move("memory", "ferry-b", PreflightCheck.pass("criu", "ok")),
          move("held", "ferry-b", PreflightCheck.fail("holdings", "a device CRIU cannot move"))),
          List.of(new HostLoad("ferry-b", 4L << 30, 8L << 30, 0.2, 2), new HostLoad("ferry-c", 2L << 30, 8L << 30, 0.1, 2)));
    }

    @Override
    public EvacuationPlan retarget(EvacuationPlan plan, String container, String target) {
      calls.add("retarget " + container + " " + target);
      List<PlannedMove> next = new ArrayList<>(plan.moves());
      next.replaceAll(m -> m.container().equals(container) ? move(container, target, PreflightCheck.warn("rsync", "no rsync")) : m);
      return new EvacuationPlan(plan.source(), next, plan.hosts());
    }

    @Override
    public EvacuationSummary run(EvacuationPlan plan, EvacuationListener listener) {
      calls.add("run " + plan.moves().stream().filter(PlannedMove::willMove).map(m -> m.container() + "->" + m.target().get()).toList());
      List<ContainerOutcome> out = new ArrayList<>();
      for (PlannedMove m : plan.moves()) {
        ContainerOutcome o;
        if (m.willMove()) {
          listener.containerStarted(m, "id-" + m.container());
          listener.phaseStarted("id-" + m.container(), Phase.FREEZE_DUMP);
          o = new ContainerOutcome(m.container(), m.target(), true, "", List.of(m.target().get()), Optional.of("id"));
        } else {
          o = new ContainerOutcome(m.container(), m.target(), false, m.included() ? m.blockedBecause().get() : "left out of the plan",
              List.of("ferry-a"), Optional.empty());
        }
        out.add(o);
        listener.containerEnded(o);
      }
      return new EvacuationSummary(plan.source(), out);
    }

    @Override
    public void stop() {}
  };

  private final dev.ferry.app.model.ListedHosts facts = new dev.ferry.app.model.ListedHosts("ferry-a", "ferry-b", "ferry-c");
  private final List<String> refreshed = facts.refreshed;


  @Test
  void thePlanIsShownFirstAndNothingRunsBeforeConfirm() {
    EvacuationViewModel vm = new EvacuationViewModel("ferry-a", engine, new CurrentThreadTaskExecutor(), facts);
    vm.makePlan();

    assertThat(vm.stage().get()).isEqualTo(EvacuationViewModel.Stage.READY);
    assertThat(vm.rows()).extracting(r -> r.container(), r -> r.target().get(), r -> r.strategy().get(), r -> r.verdict().get())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("counter", "ferry-b", "post-copy", "pass"),
            org.assertj.core.groups.Tuple.tuple("memory", "ferry-b", "post-copy", "pass"),
            org.assertj.core.groups.Tuple.tuple("held", "ferry-b", "post-copy", "blocked: holdings: a device CRIU cannot move"));
    assertThat(vm.targets()).containsExactly("ferry-b", "ferry-c");
    assertThat(vm.status().get()).startsWith("2 of 3 containers will move off ferry-a").contains("Nothing has moved yet");
    assertThat(calls).containsExactly("plan");
  }

  @Test
  void aChangedTargetIsCheckedAfreshALeftOutRowDoesNotMoveAndTheEndSaysWhatStayedAndWhy() {
    EvacuationViewModel vm = new EvacuationViewModel("ferry-a", engine, new CurrentThreadTaskExecutor(), facts);
    vm.makePlan();
    EvacuationRow memory = vm.rows().get(1);
    memory.target().set("ferry-c");
    assertThat(calls).contains("retarget memory ferry-c");
    assertThat(memory.verdict().get()).isEqualTo("warn (1): no rsync");
    vm.rows().get(0).included().set(false);
    assertThat(vm.rows().get(0).progress().get()).isEqualTo("left out");

    vm.confirm();

    assertThat(calls).contains("run [memory->ferry-c]");
    assertThat(vm.stage().get()).isEqualTo(EvacuationViewModel.Stage.DONE);
    assertThat(vm.rows()).extracting(r -> r.progress().get()).containsExactly("stayed: left out of the plan", "moved to ferry-c",
        "stayed: holdings: a device CRIU cannot move");
    assertThat(vm.summaryText().get()).startsWith("1 of 3 containers moved off ferry-a.")
        .contains("held: stayed on ferry-a (holdings: a device CRIU cannot move); running on ferry-a");
    assertThat(refreshed).contains("ferry-a", "ferry-c");
  }
}
