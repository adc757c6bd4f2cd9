package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's link to the source is cut during the copy: it can no longer renew its lease, and the
 * source's watchdog takes the container back (the destination's copy removed, the paused original
 * resumed) within about the lease timeout, whatever the client does meanwhile.
 */
@RequiresLab
class LeaseLabTest {
  // Lease.TIMEOUT in the engine, plus the watchdog's poll and its work.
  private static final long TAKEN_BACK_WITHIN_MS = 15_000 + 10_000;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void cuttingTheClientsLinkToTheSourceDuringTheCopyLetsTheWatchdogTakeTheContainerBack() throws Exception {
    String ct = LabContainers.uniqueName("lease-cut");
    SshTarget real = session.lab().target("ferry-a");
    Path known = Files.createTempFile("ferry-cut-known", ".txt");
    try (CuttableLink link = new CuttableLink(real.port())) {
      String keyLine = Files.readAllLines(session.lab().knownHosts()).stream()
          .filter(l -> l.startsWith("[127.0.0.1]:" + real.port() + " ")).findFirst().orElseThrow();
      Files.writeString(known, keyLine.replace("[127.0.0.1]:" + real.port(), "[127.0.0.1]:" + link.port()) + "\n");
      SshTarget viaLink = new SshTarget(real.alias(), real.hostName(), link.port(), real.user(), real.identityFiles(), List.of(known),
          real.jumpHosts(), real.agentSocket(), real.agentUse());
      SshHost source = new SshHost(viaLink, SshSettings.defaults(), new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
          CredentialsPrompt.NONE, session.threads());
      source.connect();
      try {
        session.lab().startContainer("ferry-a", ct, "counter");
        LabContainers.awaitTicks(session.a(), ct, 0, 5);
        long[] cutAt = {0};
        Migration m = new Migration(source, session.b(), new MigrationRequest(ContainerName.of(ct), Optional.of(Strategy.STOP_AND_COPY), false),
            session.threads());
        m.addListener(new MigrationListener() {
          @Override
          public void phaseStarted(String id, Phase phase) {
            if (phase == Phase.COPY_DUMP) {
              link.cut();
              cutAt[0] = System.currentTimeMillis();
            }
          }
        });
        CompletableFuture<MigrationReport> running = m.start();
        Await.until("the copy starting", Duration.ofSeconds(60), Duration.ofMillis(20), () -> cutAt[0] != 0);
        Await.until(ct + " running on the source again after the cut", Duration.ofMillis(cutAt[0] + TAKEN_BACK_WITHIN_MS - System.currentTimeMillis()),
            Duration.ofMillis(200), () -> runsOnA(ct));
        long backAfter = System.currentTimeMillis() - cutAt[0];
        assertThat(runsOnA(ct)).as("running on the source again %d ms after the cut", backAfter).isTrue();
        assertThat(session.b().exec(Command.of("runc", "state", ct)).exitCode()).as("no copy on the destination").isNotZero();
        System.out.printf("lease: client's link to the source cut during the copy; %s running on ferry-a again %d ms later%n", ct, backAfter);
        link.heal();
        MigrationReport r = running.get(3, TimeUnit.MINUTES);
        System.out.printf("lease: the client's report: %s; placement %s%n", r.outcome(), r.placement() == null ? "-" : r.placement().describe());
        assertThat(r.outcome()).isIn(MigrationReport.Outcome.ROLLED_BACK, MigrationReport.Outcome.NEEDS_ATTENTION);
        assertThat(r.placement().runningOn()).containsExactly("ferry-a");
        LabContainers.awaitTicks(session.a(), ct, System.currentTimeMillis(), 3);
        Migrations.assertRunsOnlyOn(ct, session.a(), session.b());
        assertThat(TickLog.parse(LabContainers.readFile(session.a(), LabContainers.logOf(ct, "counter.log"))).starts())
            .as("resumed, not restarted").isEqualTo(1);
      } finally {
        link.heal();
        source.close();
      }
    } finally {
      Files.deleteIfExists(known);
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
      session.a().exec(Command.script("rm -rf /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/locks/\"$1\"", ct));
      session.b().exec(Command.script("rm -rf /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/locks/\"$1\"", ct));
    }
  }

  private static boolean runsOnA(String ct) {
    return session.a().exec(Command.of("runc", "state", ct)).stdout().contains("\"running\"");
  }
}
