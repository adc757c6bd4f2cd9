package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with a key held by a real OpenSSH ssh-agent, and honouring IdentitiesOnly / IdentityAgent none. */
@RequiresLab
class AgentLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @TempDir
  static Path dir;
  private static Path socket;
  private static String agentPid;

  @BeforeAll
  static void startAgentWithTheLabKey() {
    socket = dir.resolve("agent.sock");
    LocalProcess.Result agent = LocalProcess.run(Duration.ofSeconds(10), List.of("ssh-agent", "-a", socket.toString()));
    Matcher m = Pattern.compile("SSH_AGENT_PID=(\\d+)").matcher(agent.stdout());
    assertThat(m.find()).as(agent.stdout() + agent.stderr()).isTrue();
    agentPid = m.group(1);
    LocalProcess.run(Duration.ofSeconds(10), List.of("env", "SSH_AUTH_SOCK=" + socket, "ssh-add", session.lab().identity().toString()))
        .orFail("ssh-add the lab key");
  }

  @AfterAll
  static void stopAgent() {
    if (agentPid != null) {
      LocalProcess.run(Duration.ofSeconds(10), List.of("kill", agentPid));
    }
  }

  private static SshHost connect(List<Path> identityFiles, SshTarget.AgentUse use) {
    SshTarget lab = session.lab().target("ferry-a");
    SshTarget viaAgent = new SshTarget(lab.alias(), lab.hostName(), lab.port(), lab.user(), identityFiles, lab.knownHostsFiles(),
        List.of(), Optional.of(socket), use);
    SshHost host = new SshHost(viaAgent, SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(5)),
        new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT), CredentialsPrompt.NONE, session.threads());
    host.connect();
    return host;
  }

  @Test
  void theAgentsKeyLogsInWithoutAnyKeyFile() {
    try (SshHost host = connect(List.of(), SshTarget.AgentUse.ANY)) {
      assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo("ferry-a");
    }
  }

  @Test
  void identitiesOnlyOffersOnlyTheAgentKeyThatMatchesAnIdentityFile() throws Exception {
    // Only the public half is on disk: the login can succeed only with the agent's matching key.
    Path publicOnly = dir.resolve("lab-public-only");
    java.nio.file.Files.copy(Path.of(session.lab().identity() + ".pub"), Path.of(publicOnly + ".pub"));
    try (SshHost host = connect(List.of(publicOnly), SshTarget.AgentUse.MATCHING_IDENTITY_FILES)) {
      assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo("ferry-a");
    }
    Path other = dir.resolve("other");
    LocalProcess.run(Duration.ofSeconds(10), List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())).orFail("keygen");
    assertThatThrownBy(() -> connect(List.of(dir.resolve("missing-key")), SshTarget.AgentUse.MATCHING_IDENTITY_FILES).close())
        .isInstanceOf(SshException.AuthenticationFailed.class);
    assertThatThrownBy(() -> connect(List.of(other), SshTarget.AgentUse.MATCHING_IDENTITY_FILES).close())
        .isInstanceOf(SshException.AuthenticationFailed.class);
  }

  @Test
  void identityAgentNoneOffersNoAgentKey() {
    assertThatThrownBy(() -> connect(List.of(), SshTarget.AgentUse.NONE).close()).isInstanceOf(SshException.AuthenticationFailed.class);
  }
}
