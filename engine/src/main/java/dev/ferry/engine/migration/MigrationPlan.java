package dev.ferry.engine.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a migration for each strategy, in the order they run, each with its undo: the one
 * place that says what happens when. Lock and prepare come first for every strategy (after prepare,
 * the strategy may still change: post-copy needs a direct path). The hand-over records the decision
 * "destination" on the source; the steps after it are never taken back.
 */
final class MigrationPlan {
  private MigrationPlan() {}

  static List<MigrationStep> forStrategy(Strategy strategy, boolean sharedStorage, MigrationOps ops) {
    List<MigrationStep> steps = new ArrayList<>();
    steps.add(MigrationStep.of(Phase.LOCK, ops::lock).undoneBy("unlock the container on both hosts", ops::unlock));
    steps.add(MigrationStep.of(Phase.PREPARE, ops::prepare).undoneBy("remove what was prepared on both hosts", ops::unprepare));
    if (!sharedStorage) {
      steps.add(MigrationStep.of(Phase.SYNC_ROOTFS, ops::syncRootfs));
    }
    if (strategy == Strategy.PRE_COPY) {
      steps.add(MigrationStep.of(Phase.PRE_DUMP, ops::preCopy));
    }
    if (ops.movesTraffic()) {
      steps.add(MigrationStep.of(Phase.DIVERT, ops::divert).undoneBy("send the traffic back to the original", ops::undivert));
    }
    steps.add(MigrationStep.of(Phase.FREEZE_DUMP, ops::freezeDump).undoneBy("resume the paused original on the source", ops::resumeSource));
    if (!sharedStorage && !ops.fsDeltaWithDump()) {
      steps.add(MigrationStep.of(Phase.COPY_FS_DELTA, ops::copyFsDelta));
    }
    steps.add(MigrationStep.of(Phase.COPY_DUMP, ops::copyDump));
    steps.add(MigrationStep.of(Phase.RESTORE, ops::restore).undoneBy("remove the held copy from the destination", ops::removeFromDestination));
    steps.add(MigrationStep.of(Phase.CONFIRM, ops::confirm));
    steps.add(MigrationStep.of(Phase.HAND_OVER, () -> 0));
    steps.add(MigrationStep.of(Phase.RELEASE, ops::releaseDestination));
    if (strategy == Strategy.POST_COPY) {
      steps.add(MigrationStep.of(Phase.LAZY_PAGES, ops::lazyPages));
    }
    steps.add(MigrationStep.of(Phase.CLEANUP, ops::cleanup));
    return List.copyOf(steps);
  }

  /**
   * A Podman container's migration (PodmanOps): the image brought over by id while it runs, then Podman's checkpoint with
   * export (it carries the file-system changes, so there is no separate copy of them), the archive copied, Podman's restore
   * with import. The undo of the freeze restores the original from the checkpoint Podman kept on the source.
   */
  static List<MigrationStep> forPodman(MigrationOps ops) {
    return List.of(
        MigrationStep.of(Phase.LOCK, ops::lock).undoneBy("unlock the container on both hosts", ops::unlock),
        MigrationStep.of(Phase.PREPARE, ops::prepare).undoneBy("remove what was prepared on both hosts", ops::unprepare),
        MigrationStep.of(Phase.SYNC_ROOTFS, ops::syncRootfs),
        MigrationStep.of(Phase.FREEZE_DUMP, ops::freezeDump).undoneBy("restore the original on the source from its checkpoint",
            ops::resumeSource),
        MigrationStep.of(Phase.COPY_DUMP, ops::copyDump),
        MigrationStep.of(Phase.RESTORE, ops::restore).undoneBy("remove the restored copy from the destination", ops::removeFromDestination),
        MigrationStep.of(Phase.CONFIRM, ops::confirm),
        MigrationStep.of(Phase.HAND_OVER, () -> 0),
        MigrationStep.of(Phase.RELEASE, ops::releaseDestination),
        MigrationStep.of(Phase.CLEANUP, ops::cleanup));
  }
}
