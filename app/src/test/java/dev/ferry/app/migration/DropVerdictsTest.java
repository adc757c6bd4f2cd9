package dev.ferry.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dragged card's verdict per pane, from cached facts only (the cache throws if a session is asked for). */
class DropVerdictsTest {
  private static final String GOOD = CachedFacts.recording(CachedFacts.CRIU_421);
  private static final ContainerRef COUNTER = new ContainerRef("ferry-a", "counter", "runc");

  private final CachedFacts facts = new CachedFacts().host("ferry-a", GOOD, "counter", "memory").host("ferry-b", GOOD, "tcp-server");

  private DropVerdict verdict(String target) {
    return DropVerdicts.verdict(facts, List.of(), COUNTER, target);
  }

  @Test
  void aGoodHostTakesTheCard() {
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.accept("can take counter"));
  }

  @Test
  void theCardsOwnPaneIsTheSameHost() {
    assertThat(verdict("ferry-a")).isEqualTo(DropVerdict.refuse("same host"));
  }

  @Test
  void aDisconnectedHostIsRefusedAsDisconnected() {
    facts.disconnect("ferry-b");
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("disconnected"));
  }

  @Test
  void aHostNotProbedYetIsRefusedUntilItIs() {
    facts.unprobed("ferry-b");
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("not probed yet"));
  }

  @Test
  void aContainerOfTheSameNameOnTheTargetIsANameClash() {
    facts.host("ferry-b", GOOD, "counter");
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("name clash: counter exists on ferry-b"));
  }

  @Test
  void anOldCriuOnTheTargetIsNoCriu42() {
    facts.host("ferry-b", CachedFacts.recording(CachedFacts.CRIU_3171));
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("no CRIU 4.2 on ferry-b"));
  }

  @Test
  void aTargetProcessorWithoutAvx512fIsRefusedNamingTheFlag() {
    facts.host("ferry-b", GOOD.replace(" avx512f ", " "));
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("CPU lacks avx512f"));
  }

  @Test
  void aTargetWithLittleFreeDiskIsNotEnoughDisk() {
    // The recording's store has about 85 GB free; this one has 1 MiB.
    String small = GOOD.replace("270553174016 23492255744 85452038144", "270553174016 270552125440 1048576");
    facts.host("ferry-b", small);
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.refuse("not enough disk on ferry-b"));
  }

  @Test
  void aContainerAlreadyMovingCannotBeDraggedAgain() {
    DropVerdict v = DropVerdicts.verdict(facts, List.of(new InFlight(COUNTER, "ferry-c")), COUNTER, "ferry-b");
    assertThat(v).isEqualTo(DropVerdict.refuse("counter is already moving"));
  }

  @Test
  void aPodmanContainerMovesToAHostWithPodman() {
    DropVerdict v = DropVerdicts.verdict(facts, List.of(), new ContainerRef("ferry-a", "web", "podman"), "ferry-b");
    assertThat(v.accepted()).as(v.reason()).isTrue();
  }

  @Test
  void aPodmanContainerIsRefusedByAHostWithoutPodman() {
    facts.host("ferry-b", GOOD.replace("podman=/usr/bin/podman", "podman="));
    DropVerdict v = DropVerdicts.verdict(facts, List.of(), new ContainerRef("ferry-a", "web", "podman"), "ferry-b");
    assertThat(v).isEqualTo(DropVerdict.refuse("no Podman 4.0.0 on ferry-b"));
  }

  @Test
  void aContainerOfAnotherRuntimeIsRefused() {
    DropVerdict v = DropVerdicts.verdict(facts, List.of(), new ContainerRef("ferry-a", "web", "lxc"), "ferry-b");
    assertThat(v).isEqualTo(DropVerdict.refuse("only runc and Podman containers move (this one is lxc)"));
  }

  @Test
  void warningsAreCountedButDoNotRefuse() {
    facts.host("ferry-b", GOOD.replace("rsync=/usr/bin/rsync", "rsync="));
    assertThat(verdict("ferry-b")).isEqualTo(DropVerdict.accept("can take counter (1 warning)"));
  }

  @Test
  void aCheckpointIsJudgedByTheSameRulesWithItsHostAsTheSourceAndItsOwnHostTakesItBack() {
    dev.ferry.app.model.CheckpointRef cp = new dev.ferry.app.model.CheckpointRef("ferry-a", "gone", "cp1");
    assertThat(DropVerdicts.restoreVerdict(facts, List.of(), cp, "ferry-b")).isEqualTo(DropVerdict.accept("can restore gone"));
    assertThat(DropVerdicts.restoreVerdict(facts, List.of(), cp, "ferry-a")).as("restore here").isEqualTo(DropVerdict.accept("can restore gone"));
    facts.host("ferry-b", CachedFacts.recording(CachedFacts.CRIU_3171));
    assertThat(DropVerdicts.restoreVerdict(facts, List.of(), cp, "ferry-b")).isEqualTo(DropVerdict.refuse("no CRIU 4.2 on ferry-b"));
  }

  @Test
  void aCheckpointOfAContainerRunningOnTheTargetIsANameClashThereEvenOnItsOwnHost() {
    dev.ferry.app.model.CheckpointRef cp = new dev.ferry.app.model.CheckpointRef("ferry-a", "counter", "cp1");
    assertThat(DropVerdicts.restoreVerdict(facts, List.of(), cp, "ferry-a")).isEqualTo(DropVerdict.refuse("name clash: counter exists on ferry-a"));
    facts.disconnect("ferry-b");
    assertThat(DropVerdicts.restoreVerdict(facts, List.of(), cp, "ferry-b")).isEqualTo(DropVerdict.refuse("disconnected"));
  }
}
