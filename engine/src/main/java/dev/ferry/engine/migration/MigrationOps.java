package dev.ferry.engine.migration;

/**
 * What a migration does to its hosts, one method per step, so that {@link MigrationPlan} can list
 * the steps in order and {@link StepRunner} can run them against real hosts ({@link HostOps}) or a
 * fake one in unit tests. Actions return the bytes they moved. The decision methods return the
 * decision that holds on the source after the call, or throw {@link Decision.Unclear}.
 */
interface MigrationOps {
  Strategy strategy();

  long lock();

  void unlock();

  long prepare();

  void unprepare();

  long syncRootfs();

  long preCopy();

  /** Whether the container has addresses whose traffic Ferry moves without loss ({@link TrafficMove}); known after prepare. */
  boolean movesTraffic();

  /** Holds new connections on the destination and lets the server take what is queued, then sends it all there. */
  long divert();

  /** Sends the container's traffic back to the original (a failure before the freeze). */
  void undivert();

  long freezeDump();

  /** Lifts the hold on the paused original (ending a lazy dump first) and resumes it. */
  void resumeSource();

  long copyFsDelta();

  /**
   * Whether the copy of the file system's last changes runs alongside the dump (started by the freeze) and
   * {@link #copyDump} waits for it: then there is no {@link Phase#COPY_FS_DELTA} step. Known after prepare.
   */
  default boolean fsDeltaWithDump() {
    return false;
  }

  long copyDump();

  /** Checks the lease and that no decision exists, then restores the held copy on the destination. */
  long restore();

  void removeFromDestination();

  long confirm();

  /** True once the source's journal exists: from then on, the decision governs every undo. */
  boolean journalStarted();

  Decision claimDestination();

  Decision claimSource();

  /** Lets traffic reach the destination's copy (after the decision "destination" was read back). */
  long releaseDestination();

  long lazyPages();

  long cleanup();

  /** What a failed step after the hand-over left behind, with the command that removes it. */
  String leftovers(Phase failed);

  /** Stops renewing the lease, so that the source's watchdog acts on the decision on its own. */
  void abandon();

  /** Ends the migration's bookkeeping (lease, journal, transfer path) once it is resolved. */
  void finish(boolean resolved);
}
