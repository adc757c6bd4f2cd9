package dev.ferry.engine.evacuate;

import dev.ferry.engine.migration.MigrationListener;

/**
 * Hears an evacuation as it runs: each container's migration starting (its events then come through
 * the {@link MigrationListener} methods, under that migration's id), each container's outcome, and
 * the summary. Every method has a no-op default; called on engine threads.
 */
public interface EvacuationListener extends MigrationListener {
  default void containerStarted(PlannedMove move, String migrationId) {}

  default void containerEnded(ContainerOutcome outcome) {}

  default void evacuationFinished(EvacuationSummary summary) {}
}
