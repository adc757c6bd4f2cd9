package dev.ferry.app.migration;

import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import java.time.Duration;

/**
 * The migration feature's one adapter from engine threads to the UI thread: every engine event is
 * posted through {@link UiThread} to the view model, nowhere else.
 */
final class MigrationEvents implements MigrationListener {
  private final UiThread ui;
  private final MigrationViewModel vm;

  MigrationEvents(UiThread ui, MigrationViewModel vm) {
    this.ui = ui;
    this.vm = vm;
  }

  @Override
  public void phaseStarted(String migrationId, Phase phase) {
    ui.post(() -> vm.phaseStarted(phase));
  }

  @Override
  public void phaseFinished(String migrationId, Phase phase, Duration took, long bytes) {
    ui.post(() -> vm.phaseFinished(phase, took.toMillis(), bytes));
  }

  @Override
  public void note(String migrationId, String message) {
    ui.post(() -> vm.note(message));
  }

  @Override
  public void clientGap(String migrationId, dev.ferry.engine.migration.ClientGap gap) {
    ui.post(() -> vm.clientGap(gap));
  }

  @Override
  public void finished(MigrationReport report) {
    ui.post(() -> vm.finished(report));
  }
}
