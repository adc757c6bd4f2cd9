package dev.ferry.engine.migration;

/**
 * One step of a migration as an object: the phase it is timed and reported as, what it does (returning
 * the bytes it moved), and how to take it back. The undo is pushed before the action runs, so a step
 * that fails half-way is taken back too; every undo is therefore safe to run on a change that did not
 * happen. {@link Phase#HAND_OVER} is the step after which nothing is taken back.
 */
record MigrationStep(Phase phase, Action action, String undoLabel, Runnable undo) {
  /** What a step does; returns the bytes it moved. */
  @FunctionalInterface
  interface Action {
    long run();
  }

  static MigrationStep of(Phase phase, Action action) {
    return new MigrationStep(phase, action, null, null);
  }

  MigrationStep undoneBy(String label, Runnable how) {
    return new MigrationStep(phase, action, label, how);
  }

  boolean hasUndo() {
    return undo != null;
  }
}
