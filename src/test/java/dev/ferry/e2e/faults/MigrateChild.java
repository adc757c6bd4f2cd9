package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A Ferry client in its own JVM, for the SIGKILL cells: it migrates CONTAINER from SOURCE to
 * DESTINATION and, when PHASE starts, prints {@code AT <phase> <id>} and stops there, so that the
 * parent's kill -9 lands at the start of that phase. Arguments: CONTAINER SOURCE DESTINATION STRATEGY PHASE WATCHDOG_SECONDS.
 */
public final class MigrateChild {
  private MigrateChild() {}

  public static void main(String[] args) throws Exception {
    String ct = args[0];
    Phase stopAt = Phase.valueOf(args[4]);
    Lab lab = Lab.read("ferry");
    try (EngineThreads threads = new EngineThreads()) {
      SshHost from = lab.connect(args[1], threads);
      SshHost to = lab.connect(args[2], threads);
      Migration m = new Migration(from, to, new MigrationRequest(ContainerName.of(ct), Optional.of(Strategy.parse(args[3])), false,
          Duration.ofSeconds(Long.parseLong(args[5]))), threads);
      m.addListener(new MigrationListener() {
        @Override
        public void phaseStarted(String id, Phase phase) {
          if (phase == stopAt) {
            System.out.println("AT " + phase + " " + id);
            System.out.flush();
            try {
              Thread.sleep(60_000); // the fixture: the client holds here, mid-phase, until the test kills it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      });
      MigrationReport r = m.run();
      System.out.println("DONE " + r.outcome());
    }
  }

  /** The first line of the child's output that starts with {@code prefix}, or what it said before it ended. */
  static String awaitLine(Process p, String prefix) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(prefix)) {
          return line;
        }
        seen.append(line).append('\n');
      }
      return "(the child ended) " + seen;
    } catch (java.io.IOException e) {
      return "(cannot read the child) " + e.getMessage();
    }
  }
}
