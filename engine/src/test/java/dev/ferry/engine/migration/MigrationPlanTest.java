package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which steps a runc container's migration takes, as the plan is asked again after prepare. */
class MigrationPlanTest {
  private static FakeOps run(FakeOps ops) {
    new StepRunner(ops, new UndoStack(), (phase, action) -> action.run(), d -> {}).run(s -> MigrationPlan.forStrategy(s, false, ops));
    return ops;
  }

  @Test
  void aPathThatCopiesTheDisksChangesAlongsideTheDumpHasNoStepOfItsOwnForThem() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    ops.fsDeltaWithDumpAfterPrepare = true;

    assertThat(run(ops).calls).containsSubsequence("freezeDump", "copyDump", "restore").doesNotContain("copyFsDelta");
  }

  @Test
  void aRelayedCopyKeepsItsStepForTheDisksChangesBetweenTheDumpAndItsCopy() {
    FakeOps ops = run(new FakeOps(Strategy.STOP_AND_COPY));

    assertThat(ops.calls).containsSubsequence("freezeDump", "copyFsDelta", "copyDump", "restore");
  }

  @Test
  void sharedStorageCopiesNoFiles() {
    FakeOps ops = new FakeOps(Strategy.STOP_AND_COPY);
    new StepRunner(ops, new UndoStack(), (phase, action) -> action.run(), d -> {}).run(s -> MigrationPlan.forStrategy(s, true, ops));

    assertThat(ops.calls).contains("freezeDump", "copyDump").doesNotContain("syncRootfs", "copyFsDelta");
  }
}
