package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import java.util.List;

/**
 * What happens after a client died mid-migration, as the next client sees it. Today's engine has no
 * recovery of its own: only the source's watchdog acts, at its deadline, so this waits for that
 * deadline (plus margin) and for the watchdog to end.
 */
final class Recovery {
  private Recovery() {}

  static List<String> afterClientDied(Lab lab, String ct, int watchdogSeconds) throws InterruptedException {
    Thread.sleep((watchdogSeconds + 5) * 1000L);
    return List.of();
  }
}
