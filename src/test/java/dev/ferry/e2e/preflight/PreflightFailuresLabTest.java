package dev.ferry.e2e.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pre-flight failures made for real on the lab: the destination's CRIU, processor check and disk are
 * changed inside ferry-b's own mount namespace for a few seconds (see {@link HostOverlay}), and the
 * destination is made unreachable. Each migration must be blocked with the check's plain reason,
 * leave the container running on the source, and create nothing on either host. The name clash is
 * MigrationLabTest's; runtime, architecture and network-lock failures would break the shared lab for
 * everyone else, so PreflightRulesTest covers them from recorded hosts.
 */
@RequiresLab
class PreflightFailuresLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();

  // Debian 12's CRIU 3.17.1 on this kernel, as recorded (engine/src/test/resources/probe/debian12-kernel618-criu3171.txt):
  // it prints its version, and everything else stops at start.
  private static final String CRIU_3171 = """
      #!/bin/sh
      if [ "$1" = --version ] || [ "$1" = -V ]; then
        echo 'Version: 3.17.1'
        exit 0
      fi
      echo 'Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds' >&2
      echo 'Error (criu/vdso.c:613): vdso: Failed to fill self vdso symtable' >&2
      echo 'Error (criu/kerndat.c:1615): kerndat_vdso_fill_symtable failed when initializing kerndat.' >&2
      echo 'Error (criu/crtools.c:260): Could not initialize kernel features detection.' >&2
      exit 1
      """;
  // What `criu cpuinfo check` said on a `-cpu qemu64` guest about a `-cpu max` guest's dump (field notes §9).
  private static final String FPU_MISMATCH = "Error (criu/arch/x86/cpu.c:247): cpu: FPU feature required by image is not supported"
      + " on host (fpu:0 fxsr:0 osxsave:0 xsaves:1)";

  @Test
  void oldCriuOnTheDestinationBlocksWithItsVersionKernelAndFirstError() {
    String ct = LabContainers.uniqueName("pf-oldcriu");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      String kernel = session.b().exec(Command.of("uname", "-r")).stdout().strip();
      MigrationReport r;
      try (HostOverlay criu = HostOverlay.scriptOver(session.lab(), "ferry-b", HostOverlay.CRIU, CRIU_3171)) {
        assertThat(session.b().exec(Command.of("criu", "--version")).stdout()).as("ferry-b's SSH sessions see the old CRIU")
            .contains("Version: 3.17.1");
        r = migrate(session.a(), session.b(), ct);
      }

      String reason = "CRIU 3.17.1 at /usr/local/sbin/criu is too old for kernel " + kernel + " on ferry-b"
          + " (it stops with: vdso: Unexpected rt vDSO area bounds); install CRIU 4.2 or newer there (./ferry prepare does it on Debian).";
      assertBlockedBy(r, "CRIU on ferry-b", reason);
      assertThat(check(r, "CRIU on ferry-a").status()).isEqualTo(PreflightCheck.Status.PASS);
      assertThat(check(r, "CPU").status()).as("one error for one cause").isEqualTo(PreflightCheck.Status.WARN);
      assertThat(check(r, "CPU").reason()).isEqualTo("not checked: CRIU does not work on ferry-b (see 'CRIU on ferry-b')");
      assertNothingChanged(ct);
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }

  @Test
  void processorMismatchReportedByCriuBlocksInPlainWords() {
    String ct = LabContainers.uniqueName("pf-cpu");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      MigrationReport r;
      // Everything but `criu cpuinfo check` goes to the real CRIU, so only the processor check fails.
      try (HostOverlay criu = HostOverlay.scriptOverKeepingOriginal(session.lab(), "ferry-b", HostOverlay.CRIU, dir -> """
          #!/bin/sh
          if [ "$1" = cpuinfo ] && [ "$2" = check ]; then
            echo '%s' >&2
            exit 1
          fi
          exec %s/original "$@"
          """.formatted(FPU_MISMATCH, dir))) {
        assertThat(session.b().exec(Command.script("criu cpuinfo check -D /nonexistent 2>&1")).stdout()).as("ferry-b's SSH sessions see the fake")
            .contains("FPU feature required by image");
        assertThat(session.b().exec(Command.of("criu", "--version")).stdout()).contains("Version: 4.2");
        r = migrate(session.a(), session.b(), ct);
      }

      assertBlockedBy(r, "CPU", "ferry-b cannot safely run what runs on ferry-a: the source uses floating-point or register-saving"
          + " features (FPU, FXSR, XSAVE) on the source that the destination's processor lacks; programs using them would crash"
          + " after the move. Choose a destination with the same or a newer processor."
          + " CRIU said: cpu: FPU feature required by image is not supported on host (fpu:0 fxsr:0 osxsave:0 xsaves:1)");
      assertThat(check(r, "CRIU on ferry-b").status()).isEqualTo(PreflightCheck.Status.PASS);
      assertNothingChanged(ct);
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }

  @Test
  void tinyDestinationStoreBlocksWithTheFigures() {
    String ct = LabContainers.uniqueName("pf-disk");
    try {
      session.lab().startContainer("ferry-a", ct, "sleep");
      long rootfs = Long.parseLong(session.a().exec(Command.of("du", "-sxb", "/var/lib/ferry/containers/" + ct + "/rootfs"))
          .stdout().split("\\s+")[0]);
      MigrationReport r;
      try (HostOverlay store = HostOverlay.smallFileSystemOver(session.lab(), "ferry-b", HostOverlay.STORE, "1m")) {
        assertThat(session.b().exec(Command.of("df", "-P", "-B1", HostOverlay.STORE)).stdout()).as("ferry-b's SSH sessions see the 1 MiB store")
            .contains(" 1048576 ");
        r = migrate(session.a(), session.b(), ct);
      }

      PreflightCheck disk = check(r, "disk");
      assertThat(disk.status()).isEqualTo(PreflightCheck.Status.FAIL);
      assertThat(disk.reason()).startsWith("ferry-b has too little free space: ")
          .contains(String.format(Locale.ROOT, "(files %.1f MiB + memory ", rootfs / 1048576.0))
          .endsWith(", x1.2), 1.0 MiB free at /var/lib/ferry. Free some space there.");
      assertBlockedBy(r, "disk", disk.reason());
      assertNothingChanged(ct);
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }

  @Test
  void unreachableDestinationBlocksAndSaysTheConnectionWasRefused() {
    String ct = LabContainers.uniqueName("pf-unreach");
    SshTarget b = session.lab().target("ferry-b");
    SshTarget nowhere = new SshTarget("nowhere", "127.0.0.1", 1, b.user(), b.identityFiles(), b.knownHostsFiles(), List.of(), b.agentSocket());
    try (SshHost unreachable = new SshHost(nowhere, SshSettings.defaults(), new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
        CredentialsPrompt.NONE, session.threads())) {
      session.lab().startContainer("ferry-a", ct, "sleep");

      MigrationReport r = migrate(session.a(), unreachable, ct);

      assertBlockedBy(r, "reachable: nowhere", "Cannot connect to nowhere (127.0.0.1:1): the connection was refused."
          + " Is the SSH server running there, and is the port right?");
      assertThat(check(r, "reachable: ferry-a").status()).isEqualTo(PreflightCheck.Status.PASS);
      assertThat(r.checks()).as("nothing else can be judged without the destination").hasSize(2);
      assertSourceUntouched(ct);
    } finally {
      LabContainers.remove(session.a(), ct);
    }
  }

  private static MigrationReport migrate(SshHost from, SshHost to, String ct) {
    return new Migration(from, to, new MigrationRequest(ContainerName.of(ct), Optional.of(Strategy.STOP_AND_COPY), false), session.threads()).run();
  }

  private static PreflightCheck check(MigrationReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check named '" + name + "' in " + r.checks()));
  }

  /** Blocked by exactly this one failed check, whose reason the summary repeats. */
  private static void assertBlockedBy(MigrationReport r, String name, String reason) {
    assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(MigrationReport.Outcome.BLOCKED);
    assertThat(r.checks()).filteredOn(c -> c.status() == PreflightCheck.Status.FAIL).extracting(PreflightCheck::name).containsExactly(name);
    assertThat(check(r, name).reason()).isEqualTo(reason);
    assertThat(r.failure().summary()).isEqualTo("Pre-flight checks block this migration: " + name + ": " + reason);
    assertThat(r.failure().advice()).contains("Nothing was changed on either host");
  }

  private static void assertNothingChanged(String ct) {
    assertSourceUntouched(ct);
    RemoteHost b = session.b();
    assertThat(b.exec(Command.of("runc", "state", ct)).exitCode()).as("no container on ferry-b").isNotZero();
    assertThat(b.exec(Command.of("ls", "/var/lib/ferry/containers")).stdout()).doesNotContain(ct);
    assertThat(b.exec(Command.of("ls", "/var/lib/ferry/work")).stdout()).doesNotContain(ct);
  }

  private static void assertSourceUntouched(String ct) {
    RemoteHost a = session.a();
    assertThat(a.exec(Command.of("runc", "state", ct)).stdout()).as("still running on ferry-a").contains("\"running\"");
    assertThat(a.exec(Command.of("ls", "/var/lib/ferry/work", "/var/lib/ferry/locks")).stdout()).as("no work folder or lock left")
        .doesNotContain(ct);
  }
}
