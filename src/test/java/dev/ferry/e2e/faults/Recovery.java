package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.engine.migration.MigrationRecovery;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.List;

/**
 * What the next Ferry client does after an interrupted migration: it connects to both hosts again
 * and runs {@link MigrationRecovery}, which reads the hosts' journals and finishes or undoes what it
 * finds. Returns what recovery said it found and did, for the cell's record.
 */
final class Recovery {
  // The engine's lease lapses 15 s after the last renewal; recovery leaves younger leases alone.
  static final int LEASE_LAPSE_S = 15;

  private Recovery() {}

  static List<String> nextClient(Lab lab) {
    List<String> said = new ArrayList<>();
    try (EngineThreads threads = new EngineThreads()) {
      SshHost a = lab.connect(CellRunner.SOURCE, threads);
      SshHost b = lab.connect(CellRunner.DESTINATION, threads);
      try {
        for (RecoveryAction act : MigrationRecovery.recover(a, b)) {
          said.add(act.describe());
        }
      } finally {
        a.close();
        b.close();
      }
    } catch (RuntimeException e) {
      said.add("recovery failed: " + e.getMessage());
    }
    return said;
  }

  /** After a client died: waits for its lease to lapse, then recovers as the next client. */
  static List<String> afterClientDied(Lab lab) throws InterruptedException {
    Thread.sleep((LEASE_LAPSE_S + 3) * 1000L); // not polled: a recovery at the very lapse would race the source's watchdog, which acts then too
    return nextClient(lab);
  }
}
