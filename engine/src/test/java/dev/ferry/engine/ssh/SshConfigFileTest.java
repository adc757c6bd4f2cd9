package dev.ferry.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SshConfigFileTest {
  private static final Path HOME = Path.of("/home/admin");

  private static final String CONFIG = """
      # lab hosts
      Host ferry-a
        HostName 127.0.0.1
        Port 2221
        User root
        IdentityFile /var/lib/ferry-lab/ferry/id_ed25519
        UserKnownHostsFile /var/lib/ferry-lab/ferry/known_hosts

      Host web-* !web-secret
        User deploy
        IdentityFile ~/.ssh/web_key
        ProxyJump bastion

      Host bastion
        HostName bastion.example.org
        Port=2200
        User jump

      Host "quoted name"
        HostName 10.0.0.5

      Host *
        User fallback
        IdentityFile ~/.ssh/id_ed25519
      """;

  private final SshConfigFile config = SshConfigFile.parse(CONFIG, HOME);

  @Test
  void aliasResolvesToHostNamePortUserAndKey() {
    SshTarget t = config.resolve("ferry-a", "me");
    assertThat(t.hostName()).isEqualTo("127.0.0.1");
    assertThat(t.port()).isEqualTo(2221);
    assertThat(t.user()).isEqualTo("root");
    assertThat(t.identityFiles()).containsExactly(
        Path.of("/var/lib/ferry-lab/ferry/id_ed25519"), HOME.resolve(".ssh/id_ed25519"));
    // The user's file, then the system-wide ones, as OpenSSH reads them.
    assertThat(t.knownHostsFiles()).containsExactly(Path.of("/var/lib/ferry-lab/ferry/known_hosts"), Path.of("/etc/ssh/ssh_known_hosts"),
        Path.of("/etc/ssh/ssh_known_hosts2"));
    assertThat(t.knownHostsName()).isEqualTo("[127.0.0.1]:2221");
  }

  @Test
  void firstValueWinsAndIdentityFilesAccumulate() {
    SshTarget t = config.resolve("web-1", "me");
    assertThat(t.user()).isEqualTo("deploy");
    assertThat(t.hostName()).isEqualTo("web-1");
    assertThat(t.identityFiles()).containsExactly(HOME.resolve(".ssh/web_key"), HOME.resolve(".ssh/id_ed25519"));
  }

  @Test
  void proxyJumpResolvesTheJumpHostThroughTheSameFile() {
    SshTarget t = config.resolve("web-1", "me");
    assertThat(t.jumpHosts()).hasSize(1);
    SshTarget jump = t.jumpHosts().get(0);
    assertThat(jump.hostName()).isEqualTo("bastion.example.org");
    assertThat(jump.port()).isEqualTo(2200);
    assertThat(jump.user()).isEqualTo("jump");
  }

  @Test
  void negatedPatternExcludesAHost() {
    SshTarget t = config.resolve("web-secret", "me");
    assertThat(t.user()).isEqualTo("fallback");
    assertThat(t.jumpHosts()).isEmpty();
  }

  @Test
  void userAndPortWrittenInTheNameOverrideTheFile() {
    SshTarget t = config.resolve("admin@ferry-a:2299", "me");
    assertThat(t.user()).isEqualTo("admin");
    assertThat(t.port()).isEqualTo(2299);
    assertThat(t.hostName()).isEqualTo("127.0.0.1");
  }

  @Test
  void unknownHostFallsBackToDefaults() {
    SshConfigFile empty = SshConfigFile.parse("", HOME);
    SshTarget t = empty.resolve("server.lan", "me");
    assertThat(t.hostName()).isEqualTo("server.lan");
    assertThat(t.port()).isEqualTo(22);
    assertThat(t.user()).isEqualTo("me");
    assertThat(t.knownHostsFiles()).containsExactly(HOME.resolve(".ssh/known_hosts"), HOME.resolve(".ssh/known_hosts2"),
        Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2"));
    assertThat(t.knownHostsName()).isEqualTo("server.lan");
  }

  @Test
  void quotedHostPatternsAndAliasListing() {
    assertThat(config.resolve("quoted name", "me").hostName()).isEqualTo("10.0.0.5");
    assertThat(config.hostAliases()).containsExactly("ferry-a", "bastion", "quoted name");
  }

  @Test
  void badPortIsAClearError() {
    SshConfigFile bad = SshConfigFile.parse("Host x\n  Port twentytwo\n", HOME);
    assertThatThrownBy(() -> bad.resolve("x", "me")).hasMessageContaining("port 'twentytwo' for x is not a number");
  }

  @Test
  void proxyJumpLoopIsReported() {
    SshConfigFile loop = SshConfigFile.parse("Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n", HOME);
    assertThatThrownBy(() -> loop.resolve("a", "me")).hasMessageContaining("is it a loop");
  }

  @Test
  void identitiesOnlyAndIdentityAgentNoneDecideWhichAgentKeysAreOffered() {
    SshConfigFile c = SshConfigFile.parse("Host strict\n  IdentitiesOnly yes\nHost noagent\n  IdentityAgent none\n"
        + "Host sock\n  IdentityAgent ~/.ssh/agent.sock\n", HOME);
    assertThat(c.resolve("strict", "me").agentUse()).isEqualTo(SshTarget.AgentUse.MATCHING_IDENTITY_FILES);
    assertThat(c.resolve("noagent", "me").agentUse()).isEqualTo(SshTarget.AgentUse.NONE);
    assertThat(c.resolve("sock", "me").agentUse()).isEqualTo(SshTarget.AgentUse.ANY);
    assertThat(c.resolve("sock", "me").agentSocket()).contains(HOME.resolve(".ssh/agent.sock"));
  }
}
