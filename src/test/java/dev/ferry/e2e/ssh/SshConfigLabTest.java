package dev.ferry.e2e.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshConfigFile;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lab's own ssh config file, read by the engine as a user's ~/.ssh/config, reaches each host. */
@RequiresLab
class SshConfigLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void eachAliasResolvesToItsPortKeyAndKnownHostsAndReachesThatHost() throws Exception {
    SshConfigFile config = SshConfigFile.read(List.of(session.lab().sshConfig()), Path.of(System.getProperty("user.home")));
    assertThat(config.hostAliases()).containsExactlyElementsOf(Lab.expectedHostNames());
    for (Lab.Host labHost : session.lab().hosts()) {
      SshTarget target = config.resolve(labHost.name(), "root");

      assertThat(target.hostName()).isEqualTo("127.0.0.1");
      assertThat(target.port()).isEqualTo(labHost.port());
      assertThat(target.user()).isEqualTo("root");
      assertThat(target.identityFiles()).containsExactly(session.lab().identity());
      // The lab's own file, then its GlobalKnownHostsFile (/dev/null: none), as OpenSSH reads them.
      assertThat(target.knownHostsFiles()).containsExactly(session.lab().knownHosts(), Path.of("/dev/null"));
      try (SshHost host = new SshHost(target, SshSettings.defaults(), new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
          CredentialsPrompt.NONE, session.threads())) {
        assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo(labHost.name());
        assertThat(host.name()).isEqualTo(labHost.name());
      }
    }
  }
}
