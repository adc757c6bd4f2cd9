package dev.ferry.e2e.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.probe.CriuFeature;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostLimits;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.probe.Version;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.SshHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probe against the lab's real hosts: every figure it reports must match what the host's own
 * /proc and tools say when asked directly, one plain command at a time.
 */
@RequiresLab
class HostProbeLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  @Test
  void probeAgreesWithEachHostsOwnProcAndTools() {
    for (Lab.Host labHost : List.of(session.lab().host(0), session.lab().host(1))) {
      try (SshHost host = session.lab().connect(labHost.name(), session.threads())) {
        HostFacts facts = new HostProbe(host).probe();

        assertThat(facts.hostname()).isEqualTo(run(host, "uname", "-n"));
        assertThat(facts.kernel()).isEqualTo(run(host, "uname", "-r"));
        assertThat(facts.cpu().cores()).isEqualTo(Integer.parseInt(run(host, "nproc")));
        assertThat(facts.memory().totalBytes()).isEqualTo(memTotalBytes(host));
        assertThat(facts.root()).isTrue();
        assertCriuAsTheHostReportsIt(host, facts);
      }
    }
  }

  @Test
  void bothHostsProbeAtOnceAndAreUsableMigrationTargets() throws Exception {
    try (SshHost a = session.lab().connect(session.lab().host(0).name(), session.threads()); SshHost b = session.lab().connect(session.lab().host(1).name(), session.threads())) {
      CompletableFuture<HostReport> fa = new HostProbe(a).probeAsync(session.threads().io());
      CompletableFuture<HostReport> fb = new HostProbe(b).probeAsync(session.threads().io());
      HostReport ra = fa.get(HostProbe.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      HostReport rb = fb.get(HostProbe.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(ra.facts().hostname()).isNotEqualTo(rb.facts().hostname());
      assertThat(ra.errors()).as("errors on %s", ra.host()).isEmpty();
      assertThat(rb.errors()).as("errors on %s", rb.host()).isEmpty();
      assertThat(ra.host()).isEqualTo(session.lab().host(0).name());
    }
  }

  private static void assertCriuAsTheHostReportsIt(RemoteHost host, HostFacts facts) {
    assertThat(facts.criu().installed()).isTrue();
    assertThat(facts.criu().parsedVersion()).get().matches(v -> v.isAtLeast(HostLimits.CRIU_MIN_VERSION),
        "at least " + HostLimits.CRIU_MIN_VERSION);
    assertThat(facts.criu().parsedVersion()).isEqualTo(Version.find(run(host, "criu", "--version")));
    assertThat(facts.criu().checkPassed()).isTrue();
    // The lab hosts share this machine's kernel: userfaultfd on, soft-dirty off (field notes §4).
    assertThat(facts.criu().postCopy()).isTrue();
    assertThat(facts.criu().preCopy()).isFalse();
    for (CriuFeature f : CriuFeature.values()) {
      boolean hostSays = host.exec(Command.of("criu", "check", "--feature", f.criuName())).ok();
      assertThat(facts.criu().supports(f)).as("%s on %s", f.criuName(), host.name()).isEqualTo(hostSays);
    }
  }

  private static long memTotalBytes(RemoteHost host) {
    String line = run(host, "grep", "^MemTotal:", "/proc/meminfo");
    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
  }

  private static String run(RemoteHost host, String program, String... args) {
    Command command = Command.of(program, args);
    return host.exec(command).orThrow(host.name(), command).stdout().strip();
  }
}
