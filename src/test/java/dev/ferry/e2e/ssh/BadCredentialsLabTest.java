package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.FixedCredentials;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins that cannot succeed fail with the kind of failure and a message that names what was wrong
 * (the key, the passphrase, the password, the port), and within the connect timeout.
 */
@RequiresLab
class BadCredentialsLabTest {
  private static final Logger LOG = LoggerFactory.getLogger(BadCredentialsLabTest.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  // Room for thread hand-offs and the JVM around the connect itself; far below the timeout.
  private static final Duration MARGIN = Duration.ofSeconds(1);
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
  private static final String HOST = "ferry-a";
  private static final SshSettings SETTINGS = SshSettings.defaults().withConnectTimeout(CONNECT_TIMEOUT);

  @RegisterExtension
  static final LabSession session = new LabSession();

  @TempDir Path dir;

  private record Outcome(Throwable error, Duration elapsed) {}

  @Test
  void keyTheHostDoesNotKnowFailsAuthenticationNamingTheKeyNotAPassword() {
    Path stranger = newKey("stranger", "");
    SshTarget target = LabTargets.withIdentities(session.lab().target(HOST), List.of(stranger));

    Outcome o = connect("unknown key", target, CredentialsPrompt.NONE);

    assertThat(o.error()).isInstanceOf(SshException.AuthenticationFailed.class)
        .hasMessageContaining("accepted none of the keys")
        .hasMessageContaining(stranger.toString())
        .hasMessageNotContaining("password")
        .hasMessageNotContaining("passphrase");
    assertWithinTimeout(o);
  }

  @Test
  void encryptedKeyWithWrongPassphraseFailsAuthenticationSayingThePassphraseWasWrong() {
    Path locked = encryptedCopyOfLabKey("secret");
    SshTarget target = LabTargets.withIdentities(session.lab().target(HOST), List.of(locked));
    FixedCredentials wrong = FixedCredentials.passphrase("wrong");

    Outcome o = connect("wrong passphrase", target, wrong);

    assertThat(o.error()).isInstanceOf(SshException.AuthenticationFailed.class)
        .hasMessageContaining("passphrase")
        .hasMessageContaining(locked.toString());
    assertThat(wrong.passphrasesAsked).as("passphrase asked").hasValue(1);
    assertWithinTimeout(o);
    // The same key with the right passphrase logs in: it was the passphrase, nothing else.
    try (SshHost host = new SshHost(target, SETTINGS, verifier(), FixedCredentials.passphrase("secret"), session.threads())) {
      assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo(HOST);
    }
  }

  @Test
  void wrongPasswordWithoutKeysFailsAuthenticationSayingThePasswordWasRefused() {
    SshTarget target = LabTargets.withIdentities(session.lab().target(HOST), List.of());
    FixedCredentials wrong = FixedCredentials.password("wrong");

    Outcome o = connect("wrong password", target, wrong);

    assertThat(o.error()).isInstanceOf(SshException.AuthenticationFailed.class)
        .hasMessageContaining("password")
        .hasMessageContaining("refused");
    assertThat(wrong.passwordsAsked).as("password asked").hasValue(1);
    assertWithinTimeout(o);
  }

  @Test
  void portNothingListensOnIsUnreachableWithConnectionRefused() {
    int closedPort = 1;
    assertThat(LocalProcess.run(TOOL_TIMEOUT, List.of("ss", "-Hltn", "( sport = :" + closedPort + " )")).stdout())
        .as("something listens on 127.0.0.1:%d", closedPort).isBlank();
    SshTarget target = LabTargets.withPort(session.lab().target(HOST), closedPort);

    Outcome o = connect("closed port", target, CredentialsPrompt.NONE);

    assertThat(o.error()).isInstanceOf(SshException.Unreachable.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("connection was refused");
    assertWithinTimeout(o);
  }

  private static Outcome connect(String what, SshTarget target, CredentialsPrompt prompt) {
    long t0 = System.nanoTime();
    Throwable error;
    try (SshHost host = new SshHost(target, SETTINGS, verifier(), prompt, session.threads())) {
      error = catchThrowable(host::connect);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info("{}: {} after {} ms: {}", what, error == null ? "connected" : error.getClass().getSimpleName(),
        elapsed.toMillis(), error == null ? "" : error.getMessage());
    return new Outcome(error, elapsed);
  }

  private static KnownHostsVerifier verifier() {
    return new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT);
  }

  private static void assertWithinTimeout(Outcome o) {
    assertThat(o.elapsed()).as("time to fail").isLessThan(CONNECT_TIMEOUT.plus(MARGIN));
  }

  private Path newKey(String name, String passphrase) {
    Path key = dir.resolve(name);
    LocalProcess.run(TOOL_TIMEOUT, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString()))
        .orFail("ssh-keygen " + name);
    return key;
  }

  /** The lab's own (authorized) key, re-encrypted: the server takes it, so only the passphrase can be wrong. */
  private Path encryptedCopyOfLabKey(String passphrase) {
    Path copy = dir.resolve("lab_key_locked");
    try {
      Files.copy(session.lab().identity(), copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    LocalProcess.run(TOOL_TIMEOUT, List.of("ssh-keygen", "-q", "-p", "-P", "", "-N", passphrase, "-f", copy.toString()))
        .orFail("ssh-keygen -p");
    return copy;
  }
}
