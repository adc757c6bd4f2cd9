package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeParserTest {
  // What /proc, nproc, uname and df said on the machine when the recordings were made (README).
  private static final long MEM_TOTAL_BYTES = 24683656L * 1024;
  private static final long DISK_TOTAL_BYTES = 270553174016L;

  @Test
  void readsTheSystemFiguresOfTheRecordingMachine() {
    HostFacts facts = Recordings.facts(Recordings.CRIU_421);

    assertThat(facts.hostname()).isEqualTo("vm");
    assertThat(facts.os()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
    assertThat(facts.kernel()).isEqualTo("6.18.44-fc-v769");
    assertThat(facts.kernelVersion()).contains(new Version(6, 18, 44));
    assertThat(facts.architecture()).isEqualTo("x86_64");
    assertThat(facts.user()).isEqualTo("root");
    assertThat(facts.root()).isTrue();
    assertThat(facts.pipeMaxSize()).isEqualTo(4194304);
  }

  @Test
  void readsCpuMemoryAndDisk() {
    HostFacts facts = Recordings.facts(Recordings.CRIU_421);

    assertThat(facts.cpu().model()).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(facts.cpu().cores()).isEqualTo(2);
    // pni is how /proc/cpuinfo names SSE3, the example of field notes §1.
    assertThat(facts.cpu().flags()).contains("pni", "ssse3", "sse4_2", "avx2", "avx512f", "xsave").hasSize(108);
    assertThat(facts.memory().totalBytes()).isEqualTo(MEM_TOTAL_BYTES);
    assertThat(facts.memory().availableBytes()).isEqualTo(24289028L * 1024).isLessThan(MEM_TOTAL_BYTES);
    assertThat(facts.disk().path()).isEqualTo(DiskInfo.STORE);
    assertThat(facts.disk().totalBytes()).isEqualTo(DISK_TOTAL_BYTES);
    assertThat(facts.disk().freeBytes()).isEqualTo(85452038144L);
  }

  @Test
  void readsCriuWithItsCheckAndFeatures() {
    CriuInfo criu = Recordings.facts(Recordings.CRIU_421).criu();

    assertThat(criu.path()).isEqualTo("/usr/local/sbin/criu");
    assertThat(criu.version()).isEqualTo("4.2.1");
    assertThat(criu.checkPassed()).isTrue();
    assertThat(criu.checkOutput()).isEqualTo("Looks good.");
    assertThat(criu.tcpRepair()).isTrue();
    // Field notes §4: soft-dirty is off in this kernel, userfaultfd is on.
    assertThat(criu.features()).containsExactlyInAnyOrder(CriuFeature.UFFD, CriuFeature.UFFD_NONCOOP,
        CriuFeature.TCP_HALF_CLOSED, CriuFeature.NETWORK_LOCK_NFTABLES);
    assertThat(criu.preCopy()).isFalse();
    assertThat(criu.postCopy()).isTrue();
  }

  @Test
  void readsRuntimesRsyncAndTheNetworkLock() {
    HostFacts facts = Recordings.facts(Recordings.CRIU_421);

    assertThat(facts.runtimes()).containsExactly(
        new RuntimeInfo("runc", "/usr/sbin/runc", "1.1.5+ds1", "runc", true),
        new RuntimeInfo("podman", "/usr/bin/podman", "4.3.1", "runc", true));
    assertThat(facts.rsync()).isEqualTo(new ToolInfo("rsync", "/usr/bin/rsync", "3.5.0"));
    assertThat(facts.networkLock()).isEqualTo(new NetworkLock("", "", true, false, true));
    assertThat(facts.networkLock().backend()).isEqualTo("iptables");
    assertThat(facts.networkLock().usable()).isTrue();
    assertThat(facts.cgroup()).isEqualTo(CgroupVersion.HYBRID);
  }

  @Test
  void debianStockCriuFailsItsCheckWithTheVdsoError() {
    HostFacts facts = Recordings.facts(Recordings.CRIU_3171);

    assertThat(facts.criu().version()).isEqualTo("3.17.1");
    assertThat(facts.criu().checkPassed()).isFalse();
    assertThat(facts.criu().firstError()).isEqualTo("vdso: Unexpected rt vDSO area bounds");
    assertThat(facts.criu().features()).isEmpty();
    assertThat(facts.runtimes()).noneMatch(RuntimeInfo::canCheckpoint);
  }

  @Test
  void missingToolsAreAbsentNotErrors() {
    HostFacts noCriu = Recordings.facts(Recordings.NO_CRIU);
    assertThat(noCriu.criu().installed()).isFalse();
    assertThat(noCriu.runtimes()).extracting(RuntimeInfo::name).containsExactly("runc", "podman");
    assertThat(noCriu.runtimes()).noneMatch(RuntimeInfo::canCheckpoint);

    assertThat(Recordings.facts(Recordings.NO_PODMAN).runtime("podman")).isEmpty();
    assertThat(Recordings.facts(Recordings.NO_IPTABLES).networkLock().usable()).isFalse();

    HostFacts bare = Recordings.facts(Recordings.BARE);
    assertThat(bare.runtimes()).isEmpty();
    assertThat(bare.rsync().present()).isFalse();
    assertThat(bare.criu()).isEqualTo(CriuInfo.absent());
    assertThat(bare.memory().totalBytes()).isEqualTo(MEM_TOTAL_BYTES);
  }

  @Test
  void tellsCgroupV2FromHybrid() {
    assertThat(Recordings.facts(Recordings.CGROUP2).cgroup()).isEqualTo(CgroupVersion.V2);
    assertThat(Recordings.facts(Recordings.CGROUP2).cgroup().legacyFreezer()).isFalse();
    String pureV1 = Recordings.edited(Recordings.CRIU_421, "unified=cgroup2fs\n", "");
    assertThat(ProbeParser.parse(pureV1).cgroup()).isEqualTo(CgroupVersion.V1);
  }

  @Test
  void notRootIsSeenAndCriuSaysWhyItCannotCheck() {
    HostFacts facts = Recordings.facts(Recordings.NOT_ROOT);

    assertThat(facts.root()).isFalse();
    assertThat(facts.user()).isEqualTo("nobody");
    assertThat(facts.criu().checkPassed()).isFalse();
    assertThat(facts.criu().firstError())
        .isEqualTo("CRIU needs to have the CAP_SYS_ADMIN or the CAP_CHECKPOINT_RESTORE capability");
    // Rootless Podman wraps its answer in log lines; the answer is still found.
    assertThat(facts.runtime("podman").orElseThrow().ociRuntime()).isEqualTo("runc");
  }

  @Test
  void readsTheNetworkLockSettingFromCriuConfiguration() {
    String configured = Recordings.edited(Recordings.NO_IPTABLES,
        "@@ferry-probe begin criu-config\n",
        "@@ferry-probe begin criu-config\n/etc/criu/default.conf:network-lock iptables\n"
            + "/etc/criu/runc.conf:  --network-lock=nftables\n");

    NetworkLock lock = ProbeParser.parse(configured).networkLock();

    assertThat(lock.configured()).isEqualTo("nftables");
    assertThat(lock.configuredIn()).isEqualTo("/etc/criu/runc.conf");
    assertThat(lock.usable()).isTrue();
  }

  @Test
  void aCriuCheckCutShortDoesNotPass() {
    String text = Recordings.text(Recordings.CRIU_421);
    String cut = text.substring(0, text.indexOf("Looks good."));

    HostFacts facts = ProbeParser.parse(cut);

    assertThat(facts.criu().installed()).isTrue();
    assertThat(facts.criu().checkPassed()).isFalse();
    assertThat(facts.runtimes()).extracting(RuntimeInfo::name).containsExactly("runc", "podman");
    assertThat(facts.runtimes()).noneMatch(RuntimeInfo::canCheckpoint);
  }

  @Test
  void aTimedOutCriuCheckSaysSo() {
    String hung = Recordings.edited(Recordings.CRIU_421, "Looks good.\n@@ferry-probe end criu-check 0",
        "@@ferry-probe end criu-check 124");

    assertThat(ProbeParser.parse(hung).criu().firstError()).contains("did not finish in time");
  }

  @Test
  void somethingThatIsNotAProbeIsRefused() {
    assertThatThrownBy(() -> ProbeParser.parse("sh: 1: Syntax error: \"(\" unexpected\n"))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("not a probe's output")
        .hasMessageContaining("Syntax error");
  }
}
