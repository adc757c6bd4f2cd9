package dev.ferry.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.probe.Version;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@RequiresLab
class LabHostsTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void labHasTheRunsNumberOfHostsEachWithItsOwnNameAndPort() {
    assertThat(session.lab().hosts()).extracting(Lab.Host::name)
        .as("the lab this run asked for (-Dferry.lab.hosts, from ./ferry test --hosts N)")
        .containsExactlyElementsOf(Lab.expectedHostNames());
    assertThat(session.lab().hosts()).extracting(Lab.Host::port).doesNotHaveDuplicates();
  }

  @Test
  void openSshReachesEveryHostThroughTheLabConfigWithoutPrompting() {
    for (Lab.Host h : session.lab().hosts()) {
      LocalProcess.Result r = LocalProcess.run(Duration.ofSeconds(20),
          List.of("ssh", "-F", session.lab().sshConfig().toString(), "-o", "BatchMode=yes", h.name(), "hostname"));
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().strip()).isEqualTo(h.name());
    }
  }

  @Test
  void everyHostRunsCriuFourPointTwoOrNewerThatPassesItsCheck() {
    for (Lab.Host h : session.lab().hosts()) {
      try (SshHost host = session.lab().connect(h.name(), session.threads())) {
        assertThat(host.exec(Command.of("hostname")).stdout().strip()).isEqualTo(h.name());
        String version = host.exec(Command.of("criu", "--version")).stdout();
        assertThat(Version.find(version)).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(new Version(4, 2, 0)));
        ExecResult check = host.exec(Command.of("criu", "check"));
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stdout() + check.stderr()).contains("Looks good");
      }
    }
  }

  @Test
  void hostsAreSeparateMachinesThatReachEachOtherOverTheLabBridge() {
    try (SshHost a = session.lab().connect("ferry-a", session.threads()); SshHost b = session.lab().connect("ferry-b", session.threads())) {
      ExecResult banner = a.exec(Command.script("busybox nc -w 3 \"$1\" 22 </dev/null | head -c 7", session.lab().host(1).address()));
      assertThat(banner.stdout()).as("ferry-b's sshd seen from ferry-a over the bridge").isEqualTo("SSH-2.0");
      String marker = "/var/lib/ferry/.only-on-a-" + System.nanoTime();
      a.exec(Command.of("touch", marker));
      try {
        assertThat(a.exec(Command.of("test", "-e", marker)).exitCode()).isZero();
        assertThat(b.exec(Command.of("test", "-e", marker)).exitCode()).as("ferry-b must not see ferry-a's store").isNotZero();
      } finally {
        a.exec(Command.of("rm", "-f", marker));
      }
    }
  }
}
