package dev.ferry.engine.migration;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migration's journal on both hosts and the lease that keeps it and both locks alive, the same for a runc
 * and a Podman container ({@link HostOps}, {@link PodmanOps}): written once both locks are held, and ended
 * either by {@link #abandon} (the source's watchdog and the next recovery act at once) or by {@link #finish}.
 */
final class JournalLease {
  private static final Logger LOG = LoggerFactory.getLogger(JournalLease.class);
  // The restore is not started when less than this is left of the lease: the watchdog might act during it.
  private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

  // $1 the journal, $2 a mark to make there once the restore may go on (or empty), $3 the lease's age limit in seconds.
  // Prints the lease's age and the decision.
  private static final String MAY_RESTORE = """
      age=$(( $(date +%s) - $(stat -c %Y "$1/lease") )) || exit 1
      d=$(cat "$1/decision" 2>/dev/null || echo none)
      echo "$age $d"
      if [ -n "$2" ] && [ "$d" = none ] && [ "$age" -le "$3" ]; then touch "$1/$2" || exit 1; fi
      exit 0
      """;

  private final String id;
  private final SshHost source;
  private final SshHost destination;
  private final Lease lease;

  private JournalLease(String id, SshHost source, SshHost destination, Lease lease) {
    this.id = id;
    this.source = source;
    this.destination = destination;
    this.lease = lease;
  }

  /**
   * Writes the entry on the destination, then on the source (a lone destination entry tells the recovery the migration
   * never got further), and renews both journals and both locks from then on.
   */
  static JournalLease start(SshHost source, SshHost destination, MigrationLocks locks, MigrationJournal.Entry entry, EngineThreads threads) {
    String id = entry.id();
    MigrationJournal.write(destination, entry.withRole("destination"), true);
    MigrationJournal.write(source, entry, true);
    Lease lease = new Lease(List.of(
        () -> MigrationJournal.renew(source, id), locks.source()::renew,
        () -> MigrationJournal.renew(destination, id), locks.destination()::renew), threads.scheduler(), threads.io());
    return new JournalLease(id, source, destination, lease);
  }

  /** Records {@code want} on the source unless a decision exists (refused for "destination" once the lease lapsed); returns the one that holds. */
  Decision claim(Decision want) {
    return MigrationJournal.decide(source, id, want, Lease.TIMEOUT);
  }

  /**
   * Before the destination may run a copy, one question to the source (while frozen): the lease is fresh and no
   * decision exists; if so, {@code mark} (when not empty) is made in the source's journal in the same command.
   */
  void allowRestore(String mark) {
    Command c = restoreQuestion(mark);
    restoreAnswer(source.exec(c).orThrow(source.name(), c).stdout());
  }

  /** The question of {@link #allowRestore}, to ask in another command on the source; its output goes to {@link #restoreAnswer}. */
  Command restoreQuestion(String mark) {
    return Command.script(MAY_RESTORE, MigrationJournal.dir(id), mark, Long.toString(restoreLimit()));
  }

  private static long restoreLimit() {
    return Lease.TIMEOUT.minus(LEASE_MARGIN).toSeconds();
  }

  /** Throws unless the source's answer to {@link #restoreQuestion} lets the restore go on. */
  void restoreAnswer(String stdout) {
    long limit = restoreLimit();
    String[] ans = stdout.strip().split("\\s+");
    long age = ans.length == 2 && ans[0].matches("-?[0-9]+") ? Long.parseLong(ans[0]) : Long.MAX_VALUE;
    String d = ans.length == 2 ? ans[1] : "unclear";
    if (!d.equals("none") || age > limit) {
      throw new MigrationException("The lease on " + source.name() + " was last renewed " + age + " s ago (decision: " + d
          + "): too late to restore on " + destination.name() + ".", "Check the connection to " + source.name() + " and try again.");
    }
  }

  /** Stops renewing and marks the lease lapsed, so that the watchdog and the next recovery act on the journal now, not in 15 s. */
  void abandon() {
    lease.close();
    expire();
  }

  private void expire() {
    MigrationJournal.expire(source, id);
    MigrationJournal.expire(destination, id);
  }

  /**
   * Ends a migration's bookkeeping ({@code journal} null if it was never written): the lease, the data path, the
   * journals once it is resolved, the locks. The last steps talk to both hosts, either of which may be out of reach
   * now (a crash after the hand-over): each is tried on its own, and what fails is left to the next recovery, with
   * the lease marked lapsed; nothing is thrown.
   */
  static void finish(String id, JournalLease journal, boolean resolved, TransferPath path, Runnable unlock) {
    if (journal != null) {
      journal.lease.close();
    }
    boolean clean = resolved;
    if (path != null) {
      clean &= quietly(id, "close the data path", path::close);
    }
    if (resolved && journal != null) {
      clean &= quietly(id, "remove the journal on " + journal.destination.name(), () -> MigrationJournal.remove(journal.destination, id));
      clean &= quietly(id, "remove the journal on " + journal.source.name(), () -> MigrationJournal.remove(journal.source, id));
    }
    if (!clean && journal != null) {
      quietly(id, "mark the lease lapsed", journal::expire);
    }
    quietly(id, "unlock the container", unlock);
    LOG.info("migration {} finished ({})", id, clean ? "resolved" : "leftovers kept in the journal");
  }

  private static boolean quietly(String id, String what, Runnable step) {
    try {
      step.run();
      return true;
    } catch (RuntimeException e) {
      LOG.warn("migration {}: could not {} ({}); the next recovery finishes it", id, what, e.getMessage());
      return false;
    }
  }
}
