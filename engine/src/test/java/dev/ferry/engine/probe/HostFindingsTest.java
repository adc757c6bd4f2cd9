package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostFindingsTest {
  private static List<Finding> findings(String recording) {
    return HostFindings.of("ferry-b", Recordings.facts(recording));
  }

  private static List<Finding> findingsOfText(String text) {
    return HostFindings.of("ferry-b", ProbeParser.parse(text));
  }

  private static Finding only(List<Finding> findings, String code) {
    assertThat(findings).filteredOn(f -> f.code().equals(code)).hasSize(1);
    return findings.stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow();
  }

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::code).toList();
  }

  @Test
  void thisMachineIsUsableAndOnlyLearnsWhyPreCopyIsOff() {
    List<Finding> findings = findings(Recordings.CRIU_421);

    assertThat(codes(findings)).containsExactly("NO_DIRTY_TRACKING", "CGROUP_V1");
    assertThat(findings).allMatch(f -> f.severity() == Severity.INFO);
    assertThat(only(findings, "NO_DIRTY_TRACKING").fix()).contains("frozen", "CONFIG_MEM_SOFT_DIRTY").doesNotContain("lazily");
  }

  @Test
  void debianStockCriuIsTooOldForThisKernelAndSaysWhereItStops() {
    List<Finding> findings = findings(Recordings.CRIU_3171);

    Finding tooOld = only(findings, "CRIU_TOO_OLD");
    assertThat(tooOld.severity()).isEqualTo(Severity.ERROR);
    assertThat(tooOld.title()).isEqualTo("CRIU 3.17.1 cannot work with kernel 6.18.44-fc-v769 on ferry-b"
        + " (it stops with: vdso: Unexpected rt vDSO area bounds).");
    assertThat(tooOld.fix()).startsWith("On ferry-b, install CRIU 4.2 or newer (Ferry's ./ferry prepare does it).");
    // One error for one cause: no second "check failed", no feature noise from a CRIU that cannot start.
    assertThat(codes(findings)).containsExactly("CRIU_TOO_OLD", "CGROUP_V1");
  }

  @Test
  void criu41PassesItsCheckButIsStillTooOldForKernel618() {
    // Field notes §4: 4.1.1 starts, but cannot dump a TCP socket on this kernel.
    String criu411 = Recordings.edited(Recordings.CRIU_421, "Version: 4.2.1", "Version: 4.1.1");

    Finding tooOld = only(findingsOfText(criu411), "CRIU_TOO_OLD");

    assertThat(tooOld.title()).isEqualTo("CRIU 4.1.1 cannot work with kernel 6.18.44-fc-v769 on ferry-b.");
  }

  @Test
  void oldCriuIsFineOnDebiansOwnKernel61() {
    // Field notes §9: Debian 12's CRIU 3.17.1 passes criu check on Debian's 6.1 kernel.
    String debianKernel = Recordings.edited(Recordings.CRIU_421, "kernel=6.18.44-fc-v769", "kernel=6.1.0-28-amd64")
        .replace("Version: 4.2.1", "Version: 3.17.1");

    assertThat(codes(findingsOfText(debianKernel))).doesNotContain("CRIU_TOO_OLD", "CRIU_CHECK_FAILED");
  }

  @Test
  void missingCriuIsAnErrorWithTheWayToInstallIt() {
    Finding missing = only(findings(Recordings.NO_CRIU), "CRIU_MISSING");

    assertThat(missing.severity()).isEqualTo(Severity.ERROR);
    assertThat(missing.title()).startsWith("CRIU is not installed on ferry-b");
    assertThat(missing.fix()).isEqualTo("On ferry-b, install CRIU 4.2 or newer (Ferry's ./ferry prepare does it).");
  }

  @Test
  void aFailingCheckOnANewEnoughCriuQuotesItsFirstError() {
    String broken = Recordings.edited(Recordings.CRIU_421, "Looks good.\n@@ferry-probe end criu-check 0",
        "Error (criu/cr-check.c:1214): Can't turn TCP repair mode ON: Operation not permitted\n"
            + "Warn  (criu/cr-check.c:1659): Does not look good.\n@@ferry-probe end criu-check 1");

    List<Finding> findings = findingsOfText(broken);

    assertThat(only(findings, "CRIU_CHECK_FAILED").title())
        .isEqualTo("CRIU's self-check fails on ferry-b: Can't turn TCP repair mode ON: Operation not permitted");
    assertThat(codes(findings)).doesNotContain("NO_DIRTY_TRACKING", "NO_USERFAULTFD", "CRIU_TOO_OLD");
  }

  @Test
  void notRootIsOneErrorThatSaysHowToConnect() {
    List<Finding> findings = findings(Recordings.NOT_ROOT);

    Finding notRoot = only(findings, "NOT_ROOT");
    assertThat(notRoot.title()).contains("'nobody'");
    assertThat(notRoot.fix()).contains("root");
    assertThat(codes(findings)).doesNotContain("CRIU_CHECK_FAILED");
  }

  @Test
  void noUserfaultfdMeansNoPostCopyAndMakesMissingPreCopyAWarning() {
    String noUffd = Recordings.edited(Recordings.CRIU_421,
        "uffd is supported\n@@ferry-probe end criu-feature.uffd 0",
        "Error (criu/cr-check.c:1066): UFFD is not supported\n@@ferry-probe end criu-feature.uffd 1");

    List<Finding> findings = findingsOfText(noUffd);

    assertThat(only(findings, "NO_USERFAULTFD").severity()).isEqualTo(Severity.WARNING);
    assertThat(only(findings, "NO_DIRTY_TRACKING").severity()).isEqualTo(Severity.WARNING);
    assertThat(only(findings, "NO_DIRTY_TRACKING").fix()).doesNotContain("lazily");
  }

  @Test
  void aSmallPipeLimitBreaksPostCopy() {
    String smallPipes = Recordings.edited(Recordings.CRIU_421, "pipe_max_size=4194304", "pipe_max_size=1048576");

    Finding pipes = only(findingsOfText(smallPipes), "PIPE_MAX_SIZE_LOW");

    assertThat(pipes.title()).contains("1048576 bytes");
    assertThat(pipes.fix()).contains("fs.pipe-max-size = 4194304");
  }

  @Test
  void withoutIptablesTheNetworkCannotBeLockedButNftablesIsOffered() {
    Finding lock = only(findings(Recordings.NO_IPTABLES), "NETWORK_LOCK_MISSING");

    assertThat(lock.severity()).isEqualTo(Severity.ERROR);
    assertThat(lock.title()).endsWith("iptables is not installed.");
    assertThat(lock.fix()).contains("apt-get install iptables", "network-lock nftables");
  }

  @Test
  void nftablesConfiguredForACriuThatCannotUseItIsAnError() {
    String text = Recordings.edited(Recordings.CRIU_421,
        "network_lock_nftables is supported\n@@ferry-probe end criu-feature.network_lock_nftables 0",
        "Warn  (criu/cr-check.c:1439): Nftables based locking requires libnftables and set concatenations support\n"
            + "@@ferry-probe end criu-feature.network_lock_nftables 1")
        .replace("@@ferry-probe begin criu-config\n",
            "@@ferry-probe begin criu-config\n/etc/criu/default.conf:network-lock nftables\n");

    Finding lock = only(findingsOfText(text), "NETWORK_LOCK_MISSING");

    assertThat(lock.title()).contains("nftables", "/etc/criu/default.conf");
  }

  @Test
  void aBareHostListsEverythingToInstallErrorsFirst() {
    List<Finding> findings = findings(Recordings.BARE);

    assertThat(codes(findings)).containsExactly(
        "RUNC_MISSING", "CRIU_MISSING", "RSYNC_MISSING", "PODMAN_MISSING", "CGROUP_V1");
    assertThat(findings).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
  }

  @Test
  void podmanMissingIsOnlyInformation() {
    Finding podman = only(findings(Recordings.NO_PODMAN), "PODMAN_MISSING");

    assertThat(podman.severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void podmanDefaultingToCrunIsExplained() {
    String crun = Recordings.edited(Recordings.CRIU_421, "@@ferry-probe begin podman-runtime\nrunc\n",
        "@@ferry-probe begin podman-runtime\ncrun\n");

    assertThat(only(findingsOfText(crun), "PODMAN_DEFAULT_RUNTIME").fix()).contains("--runtime runc");
  }

  @Test
  void cgroupV2HostsGetNoCgroupNote() {
    assertThat(codes(findings(Recordings.CGROUP2))).containsExactly("NO_DIRTY_TRACKING");
  }

  @Test
  void diskBelowOneGibIsAnErrorAndBelowMemoryAWarning() {
    String fullDisk = Recordings.edited(Recordings.CRIU_421, "23492255744 85452038144", "23492255744 536870912");
    String smallDisk = Recordings.edited(Recordings.CRIU_421, "23492255744 85452038144", "23492255744 10737418240");

    assertThat(only(findingsOfText(fullDisk), "DISK_FULL").title())
        .isEqualTo("Only 0.5 GiB is free at /var/lib/ferry on ferry-b.");
    assertThat(only(findingsOfText(smallDisk), "LOW_DISK").title())
        .startsWith("ferry-b has less free disk at /var/lib/ferry (10.0 GiB) than memory (23.5 GiB)");
  }

  @Test
  void findingsUseTheHostsOwnNameWhenNoOtherIsGiven() {
    assertThat(HostFindings.of(Recordings.facts(Recordings.NO_CRIU)))
        .anySatisfy(f -> assertThat(f.title()).startsWith("CRIU is not installed on vm"));
  }
}
