package dev.ferry.engine.migration;

/**
 * One thing {@link MigrationRecovery} found and what it did about it, in plain words: the migration,
 * the host, what was found there, and what was done (or why nothing was).
 */
public record RecoveryAction(String migrationId, String container, String host, String found, String done) {
  public String describe() {
    return (migrationId.isEmpty() ? "" : "migration " + migrationId + " of " + container + " on " + host + ": ")
        + found + (done.isEmpty() ? "" : " -> " + done);
  }
}
