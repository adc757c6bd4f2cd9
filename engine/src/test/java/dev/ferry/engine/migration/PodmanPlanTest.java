package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A Podman migration's steps against a fake host: a failure before the hand-over always ends with the original restored on the source. */
class PodmanPlanTest {
  private static StepRunner.Result run(FakeOps ops) {
    return new StepRunner(ops, new UndoStack(), (phase, action) -> action.run(), d -> {}).run(s -> MigrationPlan.forPodman(ops));
  }

  @Test
  void theImageIsBroughtWhileItRunsAndTheExportCarriesTheFileChanges() {
    List<Phase> phases = MigrationPlan.forPodman(new FakeOps(Strategy.STOP_AND_COPY)).stream().map(MigrationStep::phase).toList();

    assertThat(phases).containsExactly(Phase.LOCK, Phase.PREPARE, Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE,
        Phase.CONFIRM, Phase.HAND_OVER, Phase.RELEASE, Phase.CLEANUP);
  }

  @Test
  void aFailedRestoreRemovesTheCopyThenRestoresTheOriginalOnTheSource() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.failing = Phase.RESTORE;

    StepRunner.Result r = run(ops);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
    assertThat(ops.undos()).containsExactly("undo:removeFromDestination", "undo:resumeSource", "undo:unprepare", "undo:unlock");
    assertThat(ops.calls).doesNotContain("cleanup");
  }

  @Test
  void aCopyThatDiesAfterTheRestoreIsNotHandedOver() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.failing = Phase.CONFIRM;

    StepRunner.Result r = run(ops);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.ROLLED_BACK);
    assertThat(ops.undos()).first().isEqualTo("undo:removeFromDestination");
    assertThat(ops.undos()).contains("undo:resumeSource");
  }

  @Test
  void aFailedCleanupAfterTheHandOverTakesNothingBack() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.failing = Phase.CLEANUP;

    StepRunner.Result r = run(ops);

    assertThat(r.outcome()).isEqualTo(MigrationReport.Outcome.MIGRATED_WITH_LEFTOVERS);
    assertThat(ops.undos()).isEmpty();
  }
}
