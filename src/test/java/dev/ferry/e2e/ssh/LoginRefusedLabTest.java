package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key that stops being accepted while Ferry is connected: after the drop, Ferry tries once, says why
 * it will not keep trying, and does not hammer the server (a fail2ban would ban it) until asked again.
 */
@RequiresLab
class LoginRefusedLabTest {
  private static final String HOST = "ferry-b";

  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void aRevokedKeyStopsTheAutomaticReconnectWithTheReason(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("temporary");
    LocalProcess.run(Duration.ofSeconds(10), List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ferry-test-revoked", "-f", key.toString()))
        .orFail("keygen");
    String pub = Files.readString(Path.of(key + ".pub")).strip();
    String keys = "/root/.ssh/authorized_keys";
    session.lab().exec(HOST, "sh", "-c", "mkdir -p /root/.ssh && printf '%s\\n' \"$0\" >> " + keys, pub).orFail("authorize");
    List<String> reasons = new CopyOnWriteArrayList<>();
    SshTarget lab = session.lab().target(HOST);
    SshTarget withKey = new SshTarget(lab.alias(), lab.hostName(), lab.port(), lab.user(), List.of(key), lab.knownHostsFiles(),
        List.of(), java.util.Optional.empty(), SshTarget.AgentUse.NONE);
    try (SshHost host = new SshHost(withKey, SshSettings.defaults(), new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
        CredentialsPrompt.NONE, session.threads())) {
      host.addListener(new HostConnectionListener() {
        @Override
        public void disconnected(String h, String reason) {
          reasons.add(reason);
        }
      });
      host.connect();
      session.lab().exec(HOST, "sh", "-c", "grep -v ferry-test-revoked " + keys + " > /tmp/k; cat /tmp/k > " + keys).orFail("revoke");
      try {
        Lab.sh("sshd-stop", "--name", session.lab().name(), HOST).orFail("sshd-stop");
      } finally {
        Lab.sh("sshd-start", "--name", session.lab().name(), HOST).orFail("sshd-start");
      }
      Await.until("a 'not reconnecting' drop", Duration.ofSeconds(15), Duration.ofMillis(100),
          () -> reasons.stream().anyMatch(r -> r.startsWith("not reconnecting")));
      assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("not reconnecting").contains("Login to"));
      int heard = reasons.size();
      Thread.sleep(3000); // the interval under test: an attempt made on its own would come within it
      assertThat(reasons).as("no further attempts on its own").hasSize(heard);
      long start = System.nanoTime();
      assertThatThrownBy(() -> host.exec(Command.of("true"))).isInstanceOf(SshException.AuthenticationFailed.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered without asking the server again").isLessThan(Duration.ofMillis(100));
    } finally {
      session.lab().exec(HOST, "sh", "-c", "grep -v ferry-test-revoked " + keys + " > /tmp/k; cat /tmp/k > " + keys);
    }
  }
}
