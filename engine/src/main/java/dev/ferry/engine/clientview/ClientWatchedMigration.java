package dev.ferry.engine.clientview;

import dev.ferry.engine.migration.ClientGap;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migration watched by a client ({@link ClientProbe}) from start to end: the client starts first,
 * and the migration waits (up to {@link #FIRST_ANSWER}) for its first answer, so the gap it reports
 * is the service's and not the client's start-up; the client stops when the migration has ended. The
 * gap is told to {@code listeners} ({@link MigrationListener#clientGap}) and put in the report.
 */
public final class ClientWatchedMigration {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWatchedMigration.class);
  /** A service that answers at all answers a local client within milliseconds; this is generous. */
  static final Duration FIRST_ANSWER = Duration.ofSeconds(5);
  private static final long POLL_MS = 20;

  private ClientWatchedMigration() {}

  public static MigrationReport run(Migration migration, RemoteHost from, ClientWatch watch, List<MigrationListener> listeners) {
    ClientProbe probe = ClientProbe.start(from, watch);
    long deadline = System.nanoTime() + FIRST_ANSWER.toNanos();
    try {
      while (!probe.answering() && System.nanoTime() < deadline) {
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!probe.answering()) {
      LOG.info("client watch from {}: no answer from {}:{} before the migration; it runs anyway", from.name(), watch.address(), watch.port());
    }
    MigrationReport r;
    ClientGap gap;
    try {
      r = migration.run();
    } finally {
      // Stopped in every case: it must not outlive the migration.
      gap = probe.stop();
    }
    ClientGap seen = gap;
    listeners.forEach(l -> l.clientGap(migration.id(), seen));
    return r.withClientGap(seen);
  }
}
