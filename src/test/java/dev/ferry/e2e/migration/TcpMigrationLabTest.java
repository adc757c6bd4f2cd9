package dev.ferry.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.ssh.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client connected to a TCP server in a container keeps its connection, and gets correct answers,
 * while the server migrates; the lab moves the container's address to the new host after the restore.
 */
@RequiresLab
class TcpMigrationLabTest {
  // 10 s of requests: the migration now also takes locks and writes its journal on both hosts before the freeze.
  private static final int REQUESTS = 100;

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void establishedConnectionSurvivesTheMigrationWithCorrectAnswersBeforeAndAfter() throws Exception {
    String ct = LabContainers.uniqueName("tcp");
    String ip = "10.87.100." + ThreadLocalRandom.current().nextInt(100, 200);
    Path clientLog = Files.createTempFile("ferry-tcp-client", ".log");
    Process client = null;
    try {
      session.lab().startContainer("ferry-a", ct, "tcp-server", "--ip", ip);
      // The client lives in the lab's router namespace, like a user on the LAN; one request every 100 ms.
      client = new ProcessBuilder("nsenter", "--net=/run/netns/" + session.lab().name() + "-lab",
          Lab.REPO.resolve("native/target/bin/ferry-tcp-client").toString(), "--host", ip, "--port", "7000",
          "--count", Integer.toString(REQUESTS), "--interval-ms", "100", "--timeout-ms", "20000", "--log", clientLog.toString())
          .redirectErrorStream(true).start();
      Migrations.awaitReplies(clientLog, 10);

      MigrationReport r = Migrations.migrate(session.a(), session.b(), ct, Optional.empty(), session.threads());
      assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.MIGRATED);
      Lab.sh("route", "--name", session.lab().name(), ip, "ferry-b").orFail("lab route");
      long repliesAtMove = Migrations.replies(clientLog);

      assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(client.exitValue()).as(out).isZero();
      assertThat(out).contains("client done sent=" + REQUESTS + " ok=" + REQUESTS).contains("errors=0");
      assertThat(repliesAtMove).as("answers came both before and after the move").isBetween(10L, REQUESTS - 1L);
      assertThat(session.b().exec(Command.of("runc", "state", ct)).stdout()).contains("\"running\"");
      assertThat(session.a().exec(Command.of("ip", "netns", "list")).stdout()).as("the source's namespace is gone").doesNotContain(ct);
      System.out.printf("tcp: %s migrated %s, frozen %d ms; %s%n", ct, r.strategy(), r.freeze().totalFrozenMillis(), out.strip());
    } finally {
      if (client != null) {
        client.destroyForcibly();
      }
      LabContainers.remove(session.a(), ct);
      LabContainers.remove(session.b(), ct);
      session.lab().exec("ferry-a", "sh", "-c", "ip netns del " + ct + " 2>/dev/null; true");
      session.lab().exec("ferry-b", "sh", "-c", "ip netns del " + ct + " 2>/dev/null; true");
      Files.deleteIfExists(clientLog);
    }
  }
}
