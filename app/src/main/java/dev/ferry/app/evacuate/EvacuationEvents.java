package dev.ferry.app.evacuate;

import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.evacuate.ContainerOutcome;
import dev.ferry.engine.evacuate.EvacuationListener;
import dev.ferry.engine.evacuate.PlannedMove;
import dev.ferry.engine.migration.Phase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The evacuation feature's one adapter from engine threads to the UI thread: every event is posted through {@link UiThread}. */
final class EvacuationEvents implements EvacuationListener {
  private final UiThread ui;
  private final EvacuationViewModel vm;
  private final Map<String, String> containerOf = new ConcurrentHashMap<>();

  EvacuationEvents(UiThread ui, EvacuationViewModel vm) {
    this.ui = ui;
    this.vm = vm;
  }

  @Override
  public void containerStarted(PlannedMove move, String migrationId) {
    containerOf.put(migrationId, move.container());
    ui.post(() -> vm.containerStarted(move.container()));
  }

  @Override
  public void phaseStarted(String migrationId, Phase phase) {
    String ct = containerOf.get(migrationId);
    if (ct != null) {
      ui.post(() -> vm.phase(ct, phase));
    }
  }

  @Override
  public void containerEnded(ContainerOutcome outcome) {
    ui.post(() -> vm.containerEnded(outcome));
  }
}
