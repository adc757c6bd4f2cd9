package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.criu.CpuCompatibility;
import dev.ferry.engine.criu.Recorded;
import dev.ferry.engine.migration.PreflightCheck.Status;
import dev.ferry.engine.migration.PreflightRules.NameOnDestination;
import dev.ferry.engine.migration.PreflightRules.Side;
import dev.ferry.engine.probe.DiskInfo;
import dev.ferry.engine.probe.ProbeParser;
import dev.ferry.engine.probe.Recordings;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every pre-flight rule, judged on real probe recordings (engine/src/test/resources/probe) and real
 * CRIU answers (resources/criu), each edit of a recording next to the test that needs it.
 */
class PreflightRulesTest {
  private static final ContainerName CT = ContainerName.of("web-1");
  private static final String INSTALL_CRIU = "install CRIU 4.2 or newer there (./ferry prepare does it on Debian).";
  private static final long MIB = 1024 * 1024;

  private static Side a(String recording) {
    return new Side("ferry-a", Recordings.facts(recording));
  }

  private static Side b(String recording) {
    return new Side("ferry-b", Recordings.facts(recording));
  }

  private static Side bFromText(String text) {
    return new Side("ferry-b", ProbeParser.parse(text));
  }

  private static final Side GOOD_A = a(Recordings.CRIU_421);
  private static final Side GOOD_B = b(Recordings.CRIU_421);

  private static void assertCheck(PreflightCheck c, String name, Status status, String reason) {
    assertThat(c.name()).isEqualTo(name);
    assertThat(c.status()).as(c.reason()).isEqualTo(status);
    assertThat(c.reason()).isEqualTo(reason);
  }

  @Nested
  class Reachable {
    @Test
    void aProbedHostAnswersWithItsOwnNameAndSystem() {
      assertCheck(PreflightRules.reachable(GOOD_B), "reachable: ferry-b", Status.PASS,
          "ferry-b answers over SSH (vm, Debian GNU/Linux 12 (bookworm))");
    }

    @Test
    void aRefusedConnectionFailsWithWhatTheSshLayerSaid() {
      // SshHost's own wording for a refused connection (SshHost.explain).
      String refused = "Cannot connect to nowhere (127.0.0.1:1): the connection was refused."
          + " Is the SSH server running there, and is the port right?";

      assertCheck(PreflightRules.unreachable("nowhere", refused), "reachable: nowhere", Status.FAIL, refused);
    }

    @Test
    void aFailureWithoutAMessageStillSaysSomething() {
      assertThat(PreflightRules.unreachable("ferry-b", null).reason()).isEqualTo(
          "Ferry could not connect to ferry-b and look at it, and was not told why.");
    }
  }

  @Nested
  class Container {
    private ContainerInfo inState(ContainerState state) {
      return new ContainerInfo("web-1", "runc", state, 4242, "/var/lib/ferry/containers/web-1", "/var/lib/ferry/containers/web-1/rootfs",
          Instant.EPOCH, OptionalLong.of(MIB), OptionalLong.of(1), OptionalLong.of(2 * MIB));
    }

    @Test
    void aRunningContainerPasses() {
      assertCheck(PreflightRules.container(CT, "ferry-a", inState(ContainerState.RUNNING)), "container", Status.PASS,
          "web-1 runs on ferry-a (runc, pid 4242)");
    }

    @Test
    void aPausedOrStoppedContainerCannotBeLiveMigrated() {
      assertCheck(PreflightRules.container(CT, "ferry-a", inState(ContainerState.PAUSED)), "container", Status.FAIL,
          "web-1 on ferry-a is paused; only a running container can be live-migrated.");
      assertThat(PreflightRules.container(CT, "ferry-a", inState(ContainerState.STOPPED)).reason()).contains("is stopped");
    }

    @Test
    void aMissingContainerFailsWithTheRuntimesWords() {
      String missing = new dev.ferry.engine.container.ContainerNotFoundException("ferry-a", CT, "runc").getMessage();

      assertCheck(PreflightRules.containerNotFound(missing), "container", Status.FAIL,
          "There is no runc container named 'web-1' on ferry-a.");
    }
  }

  @Nested
  class Criu {
    @Test
    void criu421PassingItsCheckPasses() {
      assertCheck(PreflightRules.criu(GOOD_B), "CRIU on ferry-b", Status.PASS,
          "CRIU 4.2.1 at /usr/local/sbin/criu, criu check passes");
    }

    @Test
    void missingCriuFailsWithHowToInstallIt() {
      assertCheck(PreflightRules.criu(b(Recordings.NO_CRIU)), "CRIU on ferry-b", Status.FAIL,
          "CRIU is not installed on ferry-b, so nothing can be checkpointed or restored there; " + INSTALL_CRIU);
    }

    @Test
    void debianStockCriuIsTooOldForKernel618AndSaysWhereItStops() {
      assertCheck(PreflightRules.criu(b(Recordings.CRIU_3171)), "CRIU on ferry-b", Status.FAIL,
          "CRIU 3.17.1 at /tmp/criu317/root/usr/sbin/criu is too old for kernel 6.18.44-fc-v769 on ferry-b"
              + " (it stops with: vdso: Unexpected rt vDSO area bounds); " + INSTALL_CRIU);
    }

    @Test
    void criu41PassesItsCheckButCannotKeepTcpOnKernel618() {
      // Field notes §4: 4.1.1 starts, but cannot dump a TCP socket on this kernel.
      Side criu411 = bFromText(Recordings.edited(Recordings.CRIU_421, "Version: 4.2.1", "Version: 4.1.1"));

      assertCheck(PreflightRules.criu(criu411), "CRIU on ferry-b", Status.FAIL,
          "CRIU 4.1.1 at /usr/local/sbin/criu is too old for kernel 6.18.44-fc-v769 on ferry-b; " + INSTALL_CRIU);
    }

    @Test
    void oldCriuIsFineOnDebiansOwnKernel61() {
      // Field notes §9: Debian 12's CRIU 3.17.1 passes criu check and does pre-copy on Debian's 6.1 kernel.
      Side debian = bFromText(Recordings.edited(Recordings.CRIU_421, "kernel=6.18.44-fc-v769", "kernel=6.1.0-28-amd64")
          .replace("Version: 4.2.1", "Version: 3.17.1"));

      assertCheck(PreflightRules.criu(debian), "CRIU on ferry-b", Status.PASS,
          "CRIU 3.17.1 at /usr/local/sbin/criu, criu check passes");
    }

    @Test
    void notRootFailsWithHowToConnect() {
      assertCheck(PreflightRules.criu(b(Recordings.NOT_ROOT)), "CRIU on ferry-b", Status.FAIL,
          "Ferry is logged in to ferry-b as 'nobody', but CRIU needs root. Connect to ferry-b as root.");
    }

    @Test
    void aFailingCheckQuotesCriusFirstError() {
      Side broken = bFromText(Recordings.edited(Recordings.CRIU_421, "Looks good.\n@@ferry-probe end criu-check 0",
          "Error (criu/cr-check.c:1214): Can't turn TCP repair mode ON: Operation not permitted\n"
              + "Warn  (criu/cr-check.c:1659): Does not look good.\n@@ferry-probe end criu-check 1"));

      assertCheck(PreflightRules.criu(broken), "CRIU on ferry-b", Status.FAIL,
          "'criu check' fails on ferry-b: Can't turn TCP repair mode ON: Operation not permitted."
              + " Run 'criu check' there as root to see its whole answer; usually the kernel lacks checkpoint/restore support.");
    }

    @Test
    void aCriuThatWillNotSayItsVersionOnlyWarns() {
      Side silent = bFromText(Recordings.edited(Recordings.CRIU_421, "Version: 4.2.1\n@@ferry-probe end criu-version 0",
          "@@ferry-probe end criu-version 1"));

      PreflightCheck c = PreflightRules.criu(silent);

      assertThat(c.status()).isEqualTo(Status.WARN);
      assertThat(c.reason()).startsWith("'criu check' passes on ferry-b, but CRIU did not say its version").contains("4.2");
    }
  }

  @Nested
  class Architecture {
    @Test
    void sameArchitecturePasses() {
      assertCheck(PreflightRules.architecture(GOOD_A, GOOD_B), "architecture", Status.PASS, "both x86_64");
    }

    @Test
    void anArmDestinationFails() {
      Side arm = bFromText(Recordings.edited(Recordings.CRIU_421, "arch=x86_64", "arch=aarch64"));

      assertCheck(PreflightRules.architecture(GOOD_A, arm), "architecture", Status.FAIL,
          "ferry-a is x86_64 but ferry-b is aarch64; a process cannot move between architectures."
              + " Choose a destination that is also x86_64.");
    }

    @Test
    void anUnknownArchitectureWarns() {
      Side unknown = bFromText(Recordings.edited(Recordings.CRIU_421, "arch=x86_64", "arch="));

      assertCheck(PreflightRules.architecture(GOOD_A, unknown), "architecture", Status.WARN,
          "could not tell the architecture of ferry-b ('uname -m' said nothing)");
    }
  }

  @Nested
  class Cpu {
    @Test
    void theSameProcessorPasses() {
      // Recorded: criu cpuinfo check against this machine's own dump prints nothing and exits 0.
      CpuCompatibility same = CpuCompatibility.fromCheck(0, Recorded.text("cpuinfo-check-same-host.out.txt"));

      assertCheck(PreflightRules.cpu("ferry-a", "ferry-b", same), "CPU", Status.PASS,
          "ferry-b's processor offers every feature ferry-a's programs may use (criu cpuinfo check)");
    }

    @Test
    void anFpuMismatchFailsInPlainWordsAndKeepsCriusOwn() {
      // Field notes §9: a `-cpu max` guest's dump checked on a `-cpu qemu64` guest, exit 1.
      CpuCompatibility fpu = CpuCompatibility.fromCheck(1,
          "Error (criu/arch/x86/cpu.c:247): cpu: FPU feature required by image is not supported on host "
              + "(fpu:0 fxsr:0 osxsave:0 xsaves:1)\n");

      assertCheck(PreflightRules.cpu("ferry-a", "ferry-b", fpu), "CPU", Status.FAIL,
          "ferry-b cannot safely run what runs on ferry-a: the source uses floating-point or register-saving features"
              + " (FPU, FXSR, XSAVE) on the source that the destination's processor lacks; programs using them would crash"
              + " after the move. Choose a destination with the same or a newer processor."
              + " CRIU said: cpu: FPU feature required by image is not supported on host (fpu:0 fxsr:0 osxsave:0 xsaves:1)");
    }

    @Test
    void aDifferentXsaveAreaFails() {
      CpuCompatibility xsave = CpuCompatibility.fromCheck(1, Recorded.text("cpuinfo-check-xsave-mismatch.out.txt"));

      PreflightCheck c = PreflightRules.cpu("ferry-a", "ferry-b", xsave);

      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.reason()).contains("different sizes").endsWith("CRIU said: cpu: CPU xsave size mismatch (11072/11008)");
    }

    @Test
    void criuMissingOnTheDestinationFailsWithoutBlamingTheProcessor() {
      CpuCompatibility notFound = CpuCompatibility.fromCheck(127, "sh: 1: criu: not found");

      assertThat(PreflightRules.cpu("ferry-a", "ferry-b", notFound).reason())
          .isEqualTo("ferry-b cannot safely run what runs on ferry-a: CRIU could not be run on the destination (exit 127):"
              + " install CRIU 4.2 or newer there. Choose a destination with the same or a newer processor."
              + " CRIU said: sh: 1: criu: not found");
    }

    @Test
    void isNotRunWhenCriuIsBrokenOnASideBecauseTheCriuCheckAlreadySaysWhy() {
      assertThat(PreflightRules.cpuUncheckable(GOOD_A, GOOD_B)).isEmpty();
      assertThat(PreflightRules.cpuUncheckable(GOOD_A, b(Recordings.CRIU_3171))).hasValueSatisfying(c ->
          assertCheck(c, "CPU", Status.WARN, "not checked: CRIU does not work on ferry-b (see 'CRIU on ferry-b')"));
      assertThat(PreflightRules.cpuUncheckable(a(Recordings.NO_CRIU), b(Recordings.NOT_ROOT)).orElseThrow().reason())
          .isEqualTo("not checked: CRIU does not work on ferry-a and ferry-b (see 'CRIU on ferry-a')");
    }

    @Test
    void aFailedDumpOnTheSourceQuotesCriusFirstError() {
      assertCheck(PreflightRules.cpuDumpFailed("ferry-a", 1, "Warn  (criu/kerndat.c:1):  something harmless\n"
              + "Error (criu/cr-dump.c:99): Can't create cpuinfo.img: No space left on device\n"), "CPU", Status.FAIL,
          "'criu cpuinfo dump' failed on ferry-a (exit 1): Error (criu/cr-dump.c:99): Can't create cpuinfo.img:"
              + " No space left on device, so the processors could not be compared.");
      assertThat(PreflightRules.cpuDumpFailed("ferry-a", 1, "").reason())
          .isEqualTo("'criu cpuinfo dump' failed on ferry-a (exit 1), so the processors could not be compared.");
    }

    @Test
    void aCheckThatCouldNotStartSaysWhy() {
      assertCheck(PreflightRules.cpuCheckNotRun("ferry-b", "the connection to ferry-b was closed"), "CPU", Status.FAIL,
          "'criu cpuinfo check' could not be run on ferry-b: the connection to ferry-b was closed, so the processors could not be compared.");
    }
  }

  @Nested
  class Runtime {
    @Test
    void runcOnTheDestinationPasses() {
      assertCheck(PreflightRules.runtime(GOOD_B), "runtime", Status.PASS, "runc 1.1.5+ds1 at /usr/sbin/runc on ferry-b");
    }

    @Test
    void noRuncOnTheDestinationFails() {
      assertCheck(PreflightRules.runtime(b(Recordings.BARE)), "runtime", Status.FAIL,
          "runc is not installed on ferry-b, so the container cannot run there; install the runc package there"
              + " (./ferry prepare does it on Debian).");
    }
  }

  @Nested
  class Name {
    @Test
    void readsTheLookupsAnswer() {
      assertThat(NameOnDestination.fromLookup("")).isEqualTo(NameOnDestination.FREE);
      assertThat(NameOnDestination.fromLookup("container\nbundle\n")).isEqualTo(NameOnDestination.CONTAINER);
      assertThat(NameOnDestination.fromLookup("bundle\n")).isEqualTo(NameOnDestination.FOLDER);
      // The folder is the source's own, seen through shared storage: no clash.
      assertThat(NameOnDestination.fromLookup("bundle\nshared\n")).isEqualTo(NameOnDestination.FREE);
      assertThat(NameOnDestination.fromLookup("container\nbundle\nshared\n")).isEqualTo(NameOnDestination.CONTAINER);
    }

    @Test
    void aFreeNamePasses() {
      assertCheck(PreflightRules.name(CT, "ferry-b", NameOnDestination.FREE), "name", Status.PASS, "no container named web-1 on ferry-b");
    }

    @Test
    void aContainerOrLeftoverFolderOfThatNameFails() {
      assertCheck(PreflightRules.name(CT, "ferry-b", NameOnDestination.CONTAINER), "name", Status.FAIL,
          "ferry-b already has a container named web-1. Remove or rename it there first.");
      assertCheck(PreflightRules.name(CT, "ferry-b", NameOnDestination.FOLDER), "name", Status.FAIL,
          "ferry-b already has a container folder named web-1 (in /var/lib/ferry/containers). Remove or rename it there first.");
    }
  }

  @Nested
  class Disk {
    // The lab's busybox container: 2.0 MiB of files, about 0.5 MiB of memory in use.
    private final OptionalLong rootfs = OptionalLong.of(2 * MIB);
    private final OptionalLong memory = OptionalLong.of(MIB / 2);

    @Test
    void plentyOfRoomPasses() {
      assertCheck(PreflightRules.disk("ferry-b", GOOD_B.facts().disk(), rootfs, memory), "disk", Status.PASS,
          "3.0 MiB needed (files 2.0 MiB + memory 0.5 MiB, x1.2), 79.6 GiB free at /var/lib/ferry on ferry-b");
    }

    @Test
    void aTinyStoreFailsWithTheFigures() {
      // A 1 MiB tmpfs over the store, as df -P -B1 prints it.
      Side tiny = bFromText(Recordings.edited(Recordings.CRIU_421, "/dev/vda       270553174016 23492255744 85452038144      22% /",
          "tmpfs 1048576 0 1048576 0% /var/lib/ferry"));

      assertCheck(PreflightRules.disk("ferry-b", tiny.facts().disk(), rootfs, memory), "disk", Status.FAIL,
          "ferry-b has too little free space: 3.0 MiB needed (files 2.0 MiB + memory 0.5 MiB, x1.2), 1.0 MiB free at"
              + " /var/lib/ferry. Free some space there.");
    }

    @Test
    void exactlyEnoughIsEnough() {
      DiskInfo exact = new DiskInfo("/var/lib/ferry", 10 * MIB, (long) Math.ceil(2.5 * MIB * 1.2));

      assertThat(PreflightRules.disk("ferry-b", exact, rootfs, memory).status()).isEqualTo(Status.PASS);
      assertThat(PreflightRules.disk("ferry-b", new DiskInfo("/var/lib/ferry", 10 * MIB, exact.freeBytes() - 1), rootfs, memory)
          .status()).isEqualTo(Status.FAIL);
    }

    @Test
    void anUnknownSizeWarnsInsteadOfPassing() {
      PreflightCheck c = PreflightRules.disk("ferry-b", GOOD_B.facts().disk(), rootfs, OptionalLong.empty());

      assertCheck(c, "disk", Status.WARN, "the container's size is only partly known, so the space may not suffice:"
          + " 2.4 MiB needed (files 2.0 MiB + memory unknown, x1.2), 79.6 GiB free at /var/lib/ferry on ferry-b");
    }
  }

  @Nested
  class NetworkLock {
    @Test
    void iptablesOnBothHostsPasses() {
      assertCheck(PreflightRules.networkLock(GOOD_A, GOOD_B), "network lock", Status.PASS,
          "CRIU can lock the network on both hosts (ferry-a: iptables, ferry-b: iptables)");
    }

    @Test
    void noIptablesOnTheDestinationFailsAndOffersNftablesToACriuThatHasIt() {
      assertCheck(PreflightRules.networkLock(GOOD_A, b(Recordings.NO_IPTABLES)), "network lock", Status.FAIL,
          "CRIU cannot lock the network during the move, so TCP connections could not be kept;"
              + " on ferry-b iptables is not installed: install it there (apt-get install iptables),"
              + " or add 'network-lock nftables' to /etc/criu/default.conf.");
    }

    @Test
    void noIptablesAndACriuWithoutNftablesOnlyOffersIptables() {
      Side noNft = bFromText(Recordings.edited(Recordings.NO_IPTABLES,
          "network_lock_nftables is supported\n@@ferry-probe end criu-feature.network_lock_nftables 0",
          "Warn  (criu/cr-check.c:1439): Nftables based locking requires libnftables and set concatenations support\n"
              + "@@ferry-probe end criu-feature.network_lock_nftables 1"));

      assertThat(PreflightRules.networkLock(GOOD_A, noNft).reason())
          .endsWith("; on ferry-b iptables is not installed: install it there (apt-get install iptables).");
    }

    @Test
    void nftablesConfiguredForACriuWithoutItFailsOnThatSide() {
      Side misconfigured = new Side("ferry-a", ProbeParser.parse(Recordings.edited(Recordings.CRIU_421,
          "network_lock_nftables is supported\n@@ferry-probe end criu-feature.network_lock_nftables 0",
          "Warn  (criu/cr-check.c:1439): Nftables based locking requires libnftables and set concatenations support\n"
              + "@@ferry-probe end criu-feature.network_lock_nftables 1")
          .replace("@@ferry-probe begin criu-config\n", "@@ferry-probe begin criu-config\n/etc/criu/default.conf:network-lock nftables\n")));

      assertCheck(PreflightRules.networkLock(misconfigured, GOOD_B), "network lock", Status.FAIL,
          "CRIU cannot lock the network during the move, so TCP connections could not be kept; on ferry-a CRIU is set to"
              + " use nftables (in /etc/criu/default.conf) but was built without it: remove that line and install iptables"
              + " there, or " + INSTALL_CRIU);
    }
  }

  @Nested
  class CriuVersions {
    private final Side vm = b(Recordings.VM_CRIU_3171);

    @Test
    void theSameCriuOnBothHostsPasses() {
      assertCheck(PreflightRules.criuVersions(GOOD_A, GOOD_B), "CRIU versions", Status.PASS,
          "ferry-a has CRIU 4.2.1 and ferry-b has 4.2.1");
    }

    @Test
    void aVmHostWithDebiansCriuAndANamespaceHostWithFerrysFailWithWhatToInstall() {
      assertCheck(PreflightRules.criuVersions(GOOD_A, vm), "CRIU versions", Status.FAIL,
          "ferry-a has CRIU 4.2.1 and ferry-b has 3.17.1, on either side of 4.2: CRIU 4.2 refuses a checkpoint of CRIU 3.17,"
              + " which has no description of its processor, and the other way round is untried."
              + " Install CRIU 4.2 or newer on ferry-b too, or move between hosts with the same CRIU.");
      assertThat(PreflightRules.criuVersions(new Side("vm1", vm.facts()), GOOD_B).reason()).endsWith("or newer on vm1 too, or move between hosts with the same CRIU.");
    }

    @Test
    void aCriuTooOldForItsKernelIsLeftToItsOwnCheck() {
      assertCheck(PreflightRules.criuVersions(GOOD_A, b(Recordings.CRIU_3171)), "CRIU versions", Status.PASS,
          "not compared: CRIU does not work on ferry-b (see 'CRIU on ferry-b')");
    }

    @Test
    void theVmHostTracksDirtyMemory() {
      assertThat(vm.facts().criu().preCopy()).isTrue();
      assertThat(PreflightRules.criu(vm).status()).isEqualTo(Status.PASS);
    }
  }

  @Nested
  class Rsync {
    @Test
    void rsyncOnBothPasses() {
      assertCheck(PreflightRules.rsync(GOOD_A, GOOD_B), "rsync", Status.PASS, "rsync on both hosts: file systems are copied as deltas");
    }

    @Test
    void missingRsyncOnlyWarnsAndNamesEveryHostWithoutIt() {
      assertCheck(PreflightRules.rsync(GOOD_A, b(Recordings.BARE)), "rsync", Status.WARN,
          "rsync is missing on ferry-b; files will be copied whole, which lengthens the freeze. Install rsync on both hosts.");
      assertThat(PreflightRules.rsync(a(Recordings.BARE), b(Recordings.BARE)).reason()).startsWith("rsync is missing on ferry-a and ferry-b;");
    }
  }

  @Nested
  class MemoryFeatures {
    @Test
    void reportsDirtyTrackingAndUserfaultfdPerSide() {
      // This machine: soft-dirty off, userfaultfd on (field notes §4).
      assertCheck(PreflightRules.memoryFeatures(GOOD_A, GOOD_B), "memory features", Status.PASS,
          "ferry-a dirty tracking: no, userfaultfd: yes; ferry-b dirty tracking: no, userfaultfd: yes");
    }

    @Test
    void aBrokenCriuReportsUnknownRatherThanNo() {
      assertThat(PreflightRules.memoryFeatures(GOOD_A, b(Recordings.CRIU_3171)).reason()).isEqualTo(
          "ferry-a dirty tracking: no, userfaultfd: yes; ferry-b dirty tracking: unknown, userfaultfd: unknown (CRIU does not work there)");
    }
  }
}
