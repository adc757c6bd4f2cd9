package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.migration.PreflightCheck.Status;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostFindings;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.probe.ProbeParser;
import dev.ferry.engine.probe.Recordings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Drag verdicts from recorded probes (engine/src/test/resources/probe): no host is asked anything. */
class CachedPreflightTest {
  private static final ContainerName CT = ContainerName.of("counter");
  private static final long MIB = 1024 * 1024;
  private static final HostReport GOOD_A = report("ferry-a", Recordings.facts(Recordings.CRIU_421));
  private static final HostReport GOOD_B = report("ferry-b", Recordings.facts(Recordings.CRIU_421));

  private static HostReport report(String host, HostFacts facts) {
    return new HostReport(host, facts, HostFindings.of(host, facts));
  }

  private static HostReport b(String recording) {
    return report("ferry-b", Recordings.facts(recording));
  }

  private static HostReport bEdited(String from, String to) {
    return report("ferry-b", ProbeParser.parse(Recordings.edited(Recordings.CRIU_421, from, to)));
  }

  private static Optional<ContainerInfo> running(long memoryBytes) {
    return Optional.of(info(ContainerState.RUNNING, memoryBytes));
  }

  private static ContainerInfo info(ContainerState state, long memoryBytes) {
    return new ContainerInfo("counter", "runc", state, 4242, "/var/lib/ferry/containers/counter", "/var/lib/ferry/containers/counter/rootfs",
        Instant.EPOCH, OptionalLong.of(memoryBytes), OptionalLong.of(1), OptionalLong.of(2 * MIB));
  }

  private static CachedPreflight.Verdict judge(HostReport to, Optional<ContainerInfo> info, List<String> onDestination) {
    return CachedPreflight.judge(GOOD_A, to, CT, info, onDestination);
  }

  @Test
  void twoGoodHostsAcceptTheContainerWithEveryRuleJudged() {
    CachedPreflight.Verdict v = judge(GOOD_B, running(4 * MIB), List.of("memory"));

    assertThat(v.accepted()).isTrue();
    assertThat(v.refusal()).isEmpty();
    assertThat(v.checks()).extracting(PreflightCheck::name).containsExactly("container", "CRIU on ferry-a", "CRIU on ferry-b",
        "architecture", "CPU", "runtime", "name", "disk", "network lock", "rsync", "memory features");
    assertThat(v.checks()).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.reason()).isEqualTo(Status.PASS));
  }

  @Test
  void aContainerTheSourceDidNotListLeavesStateAndDiskToTheFreshPreflight() {
    CachedPreflight.Verdict v = judge(GOOD_B, Optional.empty(), List.of());

    assertThat(v.accepted()).isTrue();
    assertThat(v.checks()).extracting(PreflightCheck::name).doesNotContain("container", "disk");
  }

  @Test
  void anOldCriuOnTheDestinationRefusesWithTheVersionNeeded() {
    CachedPreflight.Verdict v = judge(b(Recordings.CRIU_3171), running(MIB), List.of());

    assertThat(v.refusal()).contains("no CRIU 4.2 on ferry-b");
    assertThat(v.checks()).filteredOn(c -> c.name().equals("CRIU on ferry-b")).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(Status.FAIL));
  }

  @Test
  void noCriuAtAllOnTheDestinationRefusesTheSameWay() {
    assertThat(judge(b(Recordings.NO_CRIU), running(MIB), List.of()).refusal()).contains("no CRIU 4.2 on ferry-b");
  }

  @Test
  void aDestinationLoggedInAsAnotherUserRefusesForWantOfRoot() {
    assertThat(judge(b(Recordings.NOT_ROOT), running(MIB), List.of()).refusal()).contains("not root on ferry-b");
  }

  @Test
  void aDestinationProcessorWithoutAvx512fRefusesNamingTheFlag() {
    HostReport noAvx512f = bEdited(" avx512f ", " ");

    CachedPreflight.Verdict v = judge(noAvx512f, running(MIB), List.of());

    assertThat(v.refusal()).contains("CPU lacks avx512f");
    assertThat(v.checks()).filteredOn(c -> c.name().equals("CPU")).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.reason()).startsWith("ferry-b's processor lacks avx512f, which ferry-a's processor has");
    });
  }

  @Test
  void manyMissingFlagsAreShortenedInThePaneReason() {
    HostReport old = bEdited(" avx2 smep bmi2 erms invpcid ", " smep ");

    assertThat(judge(old, running(MIB), List.of()).refusal()).contains("CPU lacks avx2, bmi2, erms and 1 more");
  }

  @Test
  void aContainerOfTheSameNameOnTheDestinationIsANameClash() {
    CachedPreflight.Verdict v = judge(GOOD_B, running(MIB), List.of("tcp-server", "counter"));

    assertThat(v.refusal()).contains("name clash: counter exists on ferry-b");
  }

  @Test
  void memoryLargerThanTheDestinationsFreeSpaceIsNotEnoughDisk() {
    long free = GOOD_B.facts().disk().freeBytes();

    assertThat(judge(GOOD_B, running(free), List.of()).refusal()).contains("not enough disk on ferry-b");
  }

  @Test
  void aPausedContainerIsRefusedBecauseOnlyRunningOnesMove() {
    assertThat(judge(GOOD_B, Optional.of(info(ContainerState.PAUSED, MIB)), List.of()).refusal()).contains("counter is paused");
  }

  @Test
  void aDestinationWithoutIptablesCannotLockTheNetwork() {
    assertThat(judge(b(Recordings.NO_IPTABLES), running(MIB), List.of()).refusal()).contains("no network lock (iptables)");
  }

  @Test
  void anotherArchitectureRefusesNamingBoth() {
    assertThat(judge(bEdited("arch=x86_64", "arch=aarch64"), running(MIB), List.of()).refusal()).contains("x86_64 to aarch64");
  }

  @Test
  void warningsAloneDoNotRefuse() {
    HostReport noRsync = bEdited("rsync=/usr/bin/rsync", "rsync=");

    CachedPreflight.Verdict v = judge(noRsync, running(MIB), List.of());

    assertThat(v.accepted()).isTrue();
    assertThat(v.warnings()).extracting(PreflightCheck::name).containsExactly("rsync");
  }

  @Test
  void theFirstFailureIsTheOneThePaneShows() {
    CachedPreflight.Verdict v = judge(b(Recordings.NO_CRIU), running(MIB), List.of("counter"));

    assertThat(v.refusal()).contains("no CRIU 4.2 on ferry-b");
    assertThat(v.checks()).filteredOn(c -> c.status() == Status.FAIL).extracting(PreflightCheck::name).contains("name");
  }
}
