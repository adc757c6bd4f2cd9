package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.HostKeyInfo;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against a real sshd: an unknown key is shown to the person with the fingerprint OpenSSH
 * would show, a refusal stops the login, an accepted key is remembered where OpenSSH finds it, and a
 * changed key is refused as a possible attack without asking anyone.
 */
@RequiresLab
class HostKeyLabTest {
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
  private static final String HOST = "ferry-a";

  @RegisterExtension
  static final LabSession session = new LabSession();

  @TempDir Path dir;
  private Path knownHosts;
  private SshTarget target;

  /** Answers every unknown key with one decision and remembers what it was shown. */
  private static final class RecordingPrompt implements UnknownHostKeyPrompt {
    final List<HostKeyInfo> asked = new CopyOnWriteArrayList<>();
    private final Decision decision;

    RecordingPrompt(Decision decision) {
      this.decision = decision;
    }

    @Override
    public Decision decide(SshTarget t, HostKeyInfo key) {
      asked.add(key);
      return decision;
    }
  }

  @BeforeEach
  void targetWithItsOwnKnownHosts() {
    knownHosts = dir.resolve("known_hosts");
    target = LabTargets.withKnownHosts(session.lab().target(HOST), knownHosts);
  }

  @Test
  void unknownKeyIsShownWithOpenSshsFingerprintAndRejectingItStopsTheLogin() {
    RecordingPrompt prompt = new RecordingPrompt(Decision.REJECT);

    assertThatThrownBy(() -> connect(prompt))
        .isInstanceOfSatisfying(SshException.HostKeyRejected.class, e -> assertThat(e.changed()).isFalse())
        .hasMessageContaining("not known")
        .hasMessageContaining(openSshFingerprint());
    assertThat(prompt.asked).hasSize(1);
    HostKeyInfo shown = prompt.asked.get(0);
    assertThat(shown.fingerprint()).isEqualTo(openSshFingerprint());
    assertThat(shown.type()).isEqualTo("ssh-ed25519");
    assertThat(shown.knownHostsName()).isEqualTo("[127.0.0.1]:" + session.lab().host(HOST).port());
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptedKeyIsRememberedWhereOpenSshFindsItAndNotAskedAgain() {
    RecordingPrompt prompt = new RecordingPrompt(Decision.ACCEPT_AND_REMEMBER);
    try (SshHost host = connect(prompt)) {
      assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo(HOST);
    }
    assertThat(prompt.asked).hasSize(1);

    String name = "[127.0.0.1]:" + session.lab().host(HOST).port();
    LocalProcess.Result found = LocalProcess.run(TOOL_TIMEOUT, List.of("ssh-keygen", "-F", name, "-f", knownHosts.toString()));
    assertThat(found.exitCode()).as("ssh-keygen -F %s: %s", name, found.stderr()).isZero();
    assertThat(found.stdout()).contains(name + " ssh-ed25519 " + hostPublicKeyBase64());
    // OpenSSH itself, with strict checking and only this file, trusts the host now.
    LocalProcess.Result ssh = LocalProcess.run(TOOL_TIMEOUT, List.of("ssh", "-F", session.lab().sshConfig().toString(),
        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", HOST, "true"));
    assertThat(ssh.exitCode()).as("OpenSSH with the remembered key: %s", ssh.stderr()).isZero();

    try (SshHost again = connect(prompt)) {
      assertThat(again.exec(Command.of("hostname")).stdout().strip()).isEqualTo(HOST);
    }
    assertThat(prompt.asked).as("asked again for a remembered key").hasSize(1);
  }

  @Test
  void changedKeyIsRefusedAsPossibleAttackWithTheFixAndNobodyIsAsked() throws Exception {
    Path otherKey = dir.resolve("other_host_key");
    LocalProcess.run(TOOL_TIMEOUT, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "impostor", "-f", otherKey.toString()))
        .orFail("ssh-keygen");
    String otherPub = Files.readString(Path.of(otherKey + ".pub")).split(" ")[1];
    String name = "[127.0.0.1]:" + session.lab().host(HOST).port();
    Files.writeString(knownHosts, name + " ssh-ed25519 " + otherPub + "\n");
    RecordingPrompt prompt = new RecordingPrompt(Decision.ACCEPT_AND_REMEMBER);

    assertThatThrownBy(() -> connect(prompt))
        .isInstanceOfSatisfying(SshException.HostKeyRejected.class, e -> assertThat(e.changed()).isTrue())
        .hasMessageContaining("CHANGED")
        .hasMessageContaining("attack")
        .hasMessageContaining("ssh-keygen -R '" + name + "' -f " + knownHosts)
        .hasMessageContaining(openSshFingerprint());
    assertThat(prompt.asked).as("the prompt was asked about a changed key").isEmpty();
    assertThat(Files.readString(knownHosts)).isEqualTo(name + " ssh-ed25519 " + otherPub + "\n");
  }

  private SshHost connect(UnknownHostKeyPrompt prompt) {
    SshHost host = new SshHost(target, SshSettings.defaults(), new KnownHostsVerifier(prompt), CredentialsPrompt.NONE, session.threads());
    try {
      host.connect();
      return host;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  private static Path hostPublicKey() {
    return session.lab().hostDir(HOST).resolve("ssh_host_ed25519_key.pub");
  }

  private static String hostPublicKeyBase64() {
    try {
      return Files.readString(hostPublicKey()).split(" ")[1];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** "256 SHA256:... comment (ED25519)": the second word. */
  private static String openSshFingerprint() {
    return LocalProcess.run(TOOL_TIMEOUT, List.of("ssh-keygen", "-lf", hostPublicKey().toString()))
        .orFail("ssh-keygen -lf").stdout().split(" ")[1];
  }
}
