package dev.ferry.e2e.faults;

import java.time.Duration;
import java.util.List;

/**
 * One thing that breaks during a migration, made real on the lab: injected when the migration
 * reaches a phase, healed afterwards (on its own after {@link #healAfter()}, and in any case once
 * the migration returned). {@link #heal} says what it found while healing that the cell must know
 * (e.g. a file that changed while the disk was full), because healing can hide it.
 */
interface Fault {
  /** A short stable name, the row of the matrix: "link-cut", "dest-sshd-killed", ... */
  String name();

  /** What the fault does, for RELIABILITY.md. */
  String description();

  void inject(FaultScene scene);

  /** Undoes the fault; idempotent. Returns what it saw that healing would otherwise hide. */
  List<String> heal(FaultScene scene);

  /**
   * The host whose processes the fault kills outright (a power cut), or empty. Struck while that host
   * holds the only live copy (the source before a complete dump exists, the destination after the
   * hand-over), it takes the container's running state with it, which nothing can bring back.
   */
  default java.util.Optional<String> killsProcessesOf(FaultScene scene) {
    return java.util.Optional.empty();
  }

  /** How long after the injection the lab heals on its own; null: only after the migration returned. */
  default Duration healAfter() {
    return null;
  }
}
