package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Strategy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the hosts cannot reach each other (the destination's link to the LAN is cut, while this client
 * still reaches it), the data is relayed through the client; post-copy, which needs the hosts to talk,
 * falls back to stop-and-copy and says so.
 */
@RequiresLab
class RelayLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void migrationRelaysThroughTheClientWhenTheHostsCannotReachEachOther() throws Exception {
    String ct = LabContainers.uniqueName("relay");
    String lab = session.lab().name();
    try {
      session.lab().startContainer("ferry-a", ct, "counter");
      session.b().exec(dev.ferry.engine.ssh.Command.of("true"));
      Lab.sh("cut", "--name", lab, "ferry-b").orFail("cut ferry-b's link");
      LabContainers.awaitTicks(session.a(), ct, 0, 5);
      // Post-copy asked for (auto takes stop-and-copy for a container this small anyway): it needs the hosts to talk.
      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.of(Strategy.POST_COPY), session.threads());
      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      assertThat(r.transferPath()).startsWith("relayed through this client");
      assertThat(r.strategy()).isEqualTo(Strategy.STOP_AND_COPY);
      assertThat(r.strategyReason()).contains("post-copy needs the hosts to reach each other directly");
      assertThat(r.bytesMoved()).isPositive();
      LabContainers.awaitTicks(session.b(), ct, System.currentTimeMillis(), 5);
      Migrations.assertRunsOnlyOn(ct, session.b(), session.a());
      Migrations.assertCounterContinuous(session.b(), ct, r.freeze().totalFrozenMillis());
      System.out.printf("relay: frozen %d ms, %d bytes through the client%n", r.freeze().totalFrozenMillis(), r.bytesMoved());
    } finally {
      Lab.sh("heal", "--name", lab, "ferry-b");
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
    }
  }
}
