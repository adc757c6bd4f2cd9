package dev.ferry.e2e.cli;

import static dev.ferry.e2e.cli.InProcessCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.engine.FerryVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI's subcommands, run in-process (and once as a process of its own) against the lab's hosts, known to it by name. */
@RequiresLab
class FerryCliLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();
  // The CLI's own container: the lab's sample containers may have been moved by someone.
  private static final String CT = LabContainers.uniqueName("cli");

  @BeforeAll
  static void container() {
    session.lab().startContainer("ferry-a", CT, "counter");
  }

  @AfterAll
  static void removeContainer() {
    LabContainers.remove(session.a(), CT);
  }

  @Test
  void hostsListsTheLabHostsByName() {
    InProcessCli.Run r = ferry("hosts");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("ferry-a").contains("ferry-b").contains("127.0.0.1:2221");
  }

  @Test
  void psJsonShowsTheContainersOfAHost() throws Exception {
    InProcessCli.Run r = ferry("ps", "ferry-a", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode list = new ObjectMapper().readTree(r.out());
    assertThat(list.findValuesAsText("id")).contains(CT);
  }

  @Test
  void probeJsonReportsCriuAndItsFeatures() throws Exception {
    InProcessCli.Run r = ferry("probe", "ferry-b", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode criu = new ObjectMapper().readTree(r.out()).path("facts").path("criu");
    assertThat(criu.path("version").asText()).startsWith("4.");
    assertThat(criu.path("checkPassed").asBoolean()).isTrue();
  }

  @Test
  void topStreamsTheAskedNumberOfSamples() {
    InProcessCli.Run r = ferry("top", "ferry-a", "-n", "2");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("ferry-a cpu"))).hasSize(2);
    assertThat(r.out()).contains(CT);
  }

  @Test
  void verboseShowsTheEnginesLogLinesOnStderrAndTheLogFileKeepsThem() throws Exception {
    Process p = InProcessCli.process("migrate", CT, "--from", "ferry-a", "--to", "ferry-b", "--dry-run", "--verbose")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(err).isZero();
    // The engine's own loggers: each remote command at DEBUG (ChannelRunner), JSch's handshake, the migration's notes.
    assertThat(err).containsPattern("DEBUG +pid \\d+ dev\\.ferry\\.engine\\.ssh\\.ChannelRunner: ferry-a: ")
        .contains("INFO  pid").contains("com.jcraft.jsch: ");
    assertThat(Files.readString(InProcessCli.logFile())).contains("dev.ferry.cli.FerryCli: ferry " + FerryVersion.current() + " migrate " + CT)
        .contains("dev.ferry.engine.ssh.ChannelRunner: ferry-b: ");
  }

  @Test
  void migrateDryRunJsonPrintsTheChecksAndTheStrategy() throws Exception {
    InProcessCli.Run r = ferry("migrate", CT, "--from", "ferry-a", "--to", "ferry-b", "--dry-run", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("outcome").asText()).isEqualTo("CHECKED");
    assertThat(report.path("strategy").asText()).as("auto for the small counter").isEqualTo("STOP_AND_COPY");
    assertThat(report.path("checks").size()).isGreaterThan(8);
  }
}
