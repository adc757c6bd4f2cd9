package dev.ferry.engine.migration;

import java.time.Duration;

/** Hears a migration as it happens. Every method has a no-op default; called on engine threads. */
public interface MigrationListener {
  default void phaseStarted(String migrationId, Phase phase) {}

  default void phaseFinished(String migrationId, Phase phase, Duration took, long bytes) {}

  /** A line worth showing: a decision, a fallback, a warning. */
  default void note(String migrationId, String message) {}

  default void finished(MigrationReport report) {}

  /** What a client of the container's service saw, when the migration was watched from a client ({@link ClientGap}). */
  default void clientGap(String migrationId, ClientGap gap) {}
}
