package dev.ferry.engine.criu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuCompatibilityTest {

  @Test
  void sameHostPassesSilently() {
    // Recorded: `criu cpuinfo dump` then `criu cpuinfo check` on this machine: no output, exit 0.
    CpuCompatibility c = CpuCompatibility.fromCheck(0, Recorded.text("cpuinfo-check-same-host.out.txt"));

    assertThat(c.compatible()).isTrue();
    assertThat(c.reason()).contains("offers every feature");
  }

  @Test
  void differentXsaveAreaSizeFails() {
    // Recorded: CRIU 4.2.1's own check against this host's cpuinfo.img with xsave_size raised by 64.
    CpuCompatibility c = CpuCompatibility.fromCheck(1, Recorded.text("cpuinfo-check-xsave-mismatch.out.txt"));

    assertThat(c.compatible()).isFalse();
    assertThat(c.reason()).contains("different sizes");
    assertThat(c.criuMessage()).isEqualTo("cpu: CPU xsave size mismatch (11072/11008)");
  }

  @Test
  void missingInstructionSetsFail() {
    // Recorded: the same, with every capability bit set in the image.
    CpuCompatibility c = CpuCompatibility.fromCheck(1, Recorded.text("cpuinfo-check-ins-mismatch.out.txt"));

    assertThat(c.compatible()).isFalse();
    assertThat(c.reason()).contains("instruction sets").contains("crash");
  }

  @Test
  void missingSourceDescriptionFailsAndSaysTheCheckDidNotRun() {
    CpuCompatibility c = CpuCompatibility.fromCheck(1, Recorded.text("cpuinfo-check-no-image.out.txt"));

    assertThat(c.compatible()).isFalse();
    assertThat(c.reason()).contains("could not run");
  }

  @Test
  void fpuMismatchBetweenQemuCpuModelsFails() {
    // Field notes section 9: a `-cpu max` guest against a `-cpu qemu64` guest, exit 1.
    CpuCompatibility c = CpuCompatibility.fromCheck(1,
        "Error (criu/arch/x86/cpu.c:247): cpu: FPU feature required by image is not supported on host "
            + "(fpu:0 fxsr:0 osxsave:0 xsaves:1)\n");

    assertThat(c.compatible()).isFalse();
    assertThat(c.reason()).contains("FPU");
    assertThat(c.criuMessage()).startsWith("cpu: FPU feature required by image");
  }

  @Test
  void unknownFailureQuotesCriu() {
    CpuCompatibility c = CpuCompatibility.fromCheck(1, "Error (criu/arch/x86/cpu.c:99): cpu: something new\n");

    assertThat(c.compatible()).isFalse();
    assertThat(c.reason()).isEqualTo("CRIU's processor check failed: cpu: something new");
  }

  @Test
  void silentFailureAndMissingCriuAreStillFailures() {
    assertThat(CpuCompatibility.fromCheck(1, "").reason()).contains("exit 1").contains("without saying why");
    CpuCompatibility notInstalled = CpuCompatibility.fromCheck(127, "sh: 1: criu: not found");
    assertThat(notInstalled.compatible()).isFalse();
    assertThat(notInstalled.reason()).contains("install CRIU");
  }
}
