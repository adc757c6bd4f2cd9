package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.migration.MigrationRecovery.AfterDestination;
import org.junit.jupiter.api.Test;

/**
 * What the recovery does after the decision "destination": the original is removed only once the
 * destination's copy is seen running, and resumed when that copy died with its host.
 */
class AfterDestinationTest {
  private static RuncState st(String status) {
    return new RuncState(status, 0);
  }

  @Test
  void aRunningCopyOnTheDestinationFinishesTheMigration() {
    assertThat(MigrationRecovery.afterDestination(st("running"), st("paused"), true)).isEqualTo(AfterDestination.FINISH);
    assertThat(MigrationRecovery.afterDestination(st("running"), st(RuncState.ABSENT), true)).isEqualTo(AfterDestination.FINISH);
  }

  @Test
  void aDestinationThatCannotBeAskedTouchesNothing() {
    assertThat(MigrationRecovery.afterDestination(st(RuncState.UNKNOWN), st("paused"), true)).isEqualTo(AfterDestination.ASK_DESTINATION);
  }

  @Test
  void aDeadCopyWithThePausedOriginalStillOnTheSourceResumesTheOriginal() {
    assertThat(MigrationRecovery.afterDestination(st(RuncState.ABSENT), st("paused"), true)).isEqualTo(AfterDestination.RESUME_ORIGINAL);
    assertThat(MigrationRecovery.afterDestination(st("stopped"), st("paused"), true)).isEqualTo(AfterDestination.RESUME_ORIGINAL);
  }

  @Test
  void aDeadCopyIsNeverJudgedWithoutAskingTheSource() {
    assertThat(MigrationRecovery.afterDestination(st("stopped"), st(RuncState.UNKNOWN), true)).isEqualTo(AfterDestination.ASK_SOURCE);
  }

  @Test
  void aDeadCopyWithNoOriginalLeftDiedWithTheDestination() {
    // Post-copy after every page was served: CRIU ended the original; nothing on either host lives.
    assertThat(MigrationRecovery.afterDestination(st("stopped"), st(RuncState.ABSENT), true))
        .isEqualTo(AfterDestination.DIED_WITH_DESTINATION);
    assertThat(MigrationRecovery.afterDestination(st(RuncState.ABSENT), st("stopped"), true))
        .isEqualTo(AfterDestination.DIED_WITH_DESTINATION);
  }
}
