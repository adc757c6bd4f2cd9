package dev.ferry.app.hosts;

import static dev.ferry.app.hosts.HostFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.probe.CriuFeature;
import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.Severity;
import dev.ferry.engine.ssh.SshException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPaneViewModelTest {
  private final HostFixtures.RecordingMoves moves = new HostFixtures.RecordingMoves();
  private final HostPaneViewModel pane = new HostPaneViewModel("ferry-a", "root@127.0.0.1:2221", moves);

  @Test
  void interruptedMigrationsFoundOnConnectAreSaidOnThePaneAndNothingFoundSaysNothing() {
    pane.recovered(List.of());
    assertThat(pane.recovery().get()).isEmpty();

    pane.recovered(List.of(new dev.ferry.engine.migration.RecoveryAction("13a97751", "counter", "ferry-a",
        "no decision and the lease lapsed 40 s ago", "resumed counter here")));

    assertThat(pane.recovery().get())
        .isEqualTo("Found migration 13a97751 of counter on ferry-a: no decision and the lease lapsed 40 s ago -> resumed counter here");
  }

  @Test
  void aHostWithoutFindingsIsReadyAndShowsItsSystemAndCriuVersion() {
    pane.probed(HostFixtures.report(List.of(), Set.of(CriuFeature.UFFD, CriuFeature.UFFD_NONCOOP)));
    assertThat(pane.readiness().get()).isEqualTo(Readiness.READY);
    assertThat(pane.system().get()).isEqualTo("Debian GNU/Linux 12 (bookworm) · kernel 6.18.4");
    assertThat(pane.criuBadge().get()).isEqualTo("CRIU 4.2.1");
  }

  @Test
  void aWarningMakesTheHostLimitedAndAnErrorMakesItNotUsable() {
    Finding warn = new Finding(Severity.WARNING, "no-soft-dirty", "No pre-copy", "Use a kernel with soft-dirty.");
    Finding error = new Finding(Severity.ERROR, "criu-old", "CRIU is too old", "Install CRIU 4.2.");
    pane.probed(HostFixtures.report(List.of(warn), Set.of()));
    assertThat(pane.readiness().get()).isEqualTo(Readiness.LIMITED);
    pane.probed(HostFixtures.report(List.of(error, warn), Set.of()));
    assertThat(pane.readiness().get()).isEqualTo(Readiness.NOT_USABLE);
    assertThat(pane.findings()).extracting(HostPaneViewModel.FindingRow::severity, HostPaneViewModel.FindingRow::fix)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("error", "Install CRIU 4.2."),
            org.assertj.core.groups.Tuple.tuple("warning", "Use a kernel with soft-dirty."));
  }

  @Test
  void supportedStrategiesFollowTheKernelFeaturesWithTheReasonForEachMissingOne() {
    pane.probed(HostFixtures.report(List.of(), Set.of(CriuFeature.UFFD, CriuFeature.UFFD_NONCOOP)));
    assertThat(pane.supports()).extracting(HostPaneViewModel.SupportRow::strategy, HostPaneViewModel.SupportRow::supported)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pre-copy", false), org.assertj.core.groups.Tuple.tuple("post-copy", true),
            org.assertj.core.groups.Tuple.tuple("stop-and-copy", true));
    assertThat(pane.supports().get(0).why()).contains("soft-dirty");
  }

  @Test
  void hostSamplesUpdateTheMetersAndTheirSparklines() {
    pane.hostSample(HostFixtures.hostSample(37.4, 2L << 30, 8L << 30, 1536, 512));
    pane.hostSample(HostFixtures.hostSample(12.0, 4L << 30, 8L << 30, 0, 0));
    assertThat(pane.cpu().reading().get()).isEqualTo("12 % of 2 CPUs");
    assertThat(pane.cpu().series().size()).isEqualTo(2);
    assertThat(pane.cpu().series().get(0)).isEqualTo(37.4);
    assertThat(pane.memory().reading().get()).isEqualTo("4.0 GiB / 8.0 GiB");
    assertThat(pane.memory().series().last()).isEqualTo(50.0);
    assertThat(pane.disk().reading().get()).isEqualTo("60.0 GiB free of 100 GiB");
    assertThat(pane.network().series().get(0)).isEqualTo(2048.0);
  }

  @Test
  void sparklinesKeepOnlyTheLastMinutesHoweverLongTheHostRuns() {
    for (int i = 0; i < 1000; i++) {
      pane.hostSample(HostFixtures.hostSample(i % 100, 1, 2, 0, 0));
    }
    assertThat(pane.cpu().series().size()).isEqualTo(MeterViewModel.POINTS);
    assertThat(pane.cpu().series().last()).isEqualTo(99.0);
  }

  @Test
  void aLostConnectionShowsEachReconnectAttemptAndRecoversByItself() {
    pane.connected();
    pane.disconnected("the SSH session dropped");
    assertThat(pane.connection().get()).isEqualTo("connection lost: the SSH session dropped");
    assertThat(pane.isConnected()).isFalse();
    pane.reconnecting(3, Duration.ofSeconds(1));
    assertThat(pane.connection().get()).isEqualTo("reconnecting, attempt 3");
    assertThat(pane.connectionStyle().get()).isEqualTo("warn");
    pane.reconnected();
    assertThat(pane.connection().get()).isEqualTo("connected");
    assertThat(pane.isConnected()).isTrue();
  }

  @Test
  void aChangedHostKeyBlocksThePaneAndOffersTheEnginesExactFixCommand() {
    String engineSays = "The host key of ferry-b ([127.0.0.1]:2222) has CHANGED since it was remembered in /tmp/kh. This may be an"
        + " attack. If the host was reinstalled, remove the old entry with: ssh-keygen -R '[127.0.0.1]:2222' -f /tmp/kh and connect again.";
    pane.connectFailed(new java.util.concurrent.CompletionException(new SshException.HostKeyRejected(engineSays, true)));
    assertThat(pane.connection().get()).isEqualTo("blocked: the host key has changed");
    assertThat(pane.problem().get()).contains("may be an attack");
    assertThat(pane.fixCommand().get()).isEqualTo("ssh-keygen -R '[127.0.0.1]:2222' -f /tmp/kh");
    pane.connecting();
    assertThat(pane.fixCommand().get()).isEmpty();
  }

  @Test
  void listingsAddUpdateAndRemoveCardsAndCheckpointCountsReachThem() {
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0),
        HostFixtures.container("memory", ContainerState.RUNNING, T0)));
    pane.checkpointCounts(Map.of("counter", 2));
    assertThat(pane.cards()).extracting(ContainerCardViewModel::name).containsExactly("counter", "memory");
    assertThat(pane.cards().get(0).checkpointsText().get()).isEqualTo("2 checkpoints");
    pane.containerSeen(HostFixtures.container("counter", ContainerState.PAUSED, T0));
    assertThat(pane.cards().get(0).state().get()).isEqualTo("paused");
    pane.containersListed(List.of(HostFixtures.container("memory", ContainerState.STOPPED, T0)));
    assertThat(pane.cards()).extracting(ContainerCardViewModel::name).containsExactly("memory");
    assertThat(pane.containers()).extracting(c -> c.id()).containsExactly("memory");
  }

  @Test
  void containerSamplesReachTheirCardOnly() {
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0),
        HostFixtures.container("memory", ContainerState.RUNNING, T0)));
    pane.containerSample(HostFixtures.containerSample("memory", 3.25, 64L << 20));
    assertThat(pane.cards().get(1).cpu().get()).isEqualTo("CPU 3.3 %");
    assertThat(pane.cards().get(1).memory().get()).isEqualTo("64.0 MiB");
    assertThat(pane.cards().get(0).memorySeries().size()).isZero();
  }

  @Test
  void inFlightMigrationsMarkTheLeavingCardAndPutAGhostOnTheDestination() {
    HostPaneViewModel b = new HostPaneViewModel("ferry-b", "", moves);
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0)));
    List<InFlight> moving = List.of(new InFlight(new ContainerRef("ferry-a", "counter", "runc"), "ferry-b"));
    pane.inFlight(moving);
    b.inFlight(moving);
    assertThat(pane.cards().get(0).migratingText().get()).isEqualTo("migrating to ferry-b");
    assertThat(b.cards()).singleElement().satisfies(g -> {
      assertThat(g.ghost()).isTrue();
      assertThat(g.state().get()).isEqualTo("arriving from ferry-a");
    });
    pane.inFlight(List.of());
    b.inFlight(List.of());
    assertThat(pane.cards().get(0).migrating().get()).isFalse();
    assertThat(b.cards()).isEmpty();
  }

  @Test
  void theLeavingCardStaysThroughTheFreezeEvenWhenTheHostStopsListingItAndGoesWhenTheMoveEnds() {
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0),
        HostFixtures.container("memory", ContainerState.RUNNING, T0)));
    pane.inFlight(List.of(new InFlight(new ContainerRef("ferry-a", "counter", "runc"), "ferry-b")));

    pane.containerGone(HostFixtures.container("counter", ContainerState.PAUSED, T0));
    pane.containersListed(List.of(HostFixtures.container("memory", ContainerState.RUNNING, T0)));
    assertThat(pane.cards()).extracting(ContainerCardViewModel::name).containsExactly("counter", "memory");
    assertThat(pane.cards().get(0).migratingText().get()).isEqualTo("migrating to ferry-b");

    pane.inFlight(List.of());
    assertThat(pane.cards()).extracting(ContainerCardViewModel::name).containsExactly("memory");
  }

  @Test
  void aCardListedAgainDuringTheMoveIsKeptWhenTheMoveEnds() {
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0)));
    pane.inFlight(List.of(new InFlight(new ContainerRef("ferry-a", "counter", "runc"), "ferry-b")));
    pane.containersListed(List.of());
    pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, T0)));

    pane.inFlight(List.of());

    assertThat(pane.cards()).extracting(ContainerCardViewModel::name).containsExactly("counter");
    assertThat(pane.cards().get(0).migrating().get()).isFalse();
  }

  @Test
  void aDraggedCardIsTakenOnlyWhereTheVerdictAcceptsItAndTheDropAsksForTheMove() {
    String payload = new ContainerRef("ferry-b", "counter", "runc").encode();
    moves.verdict = DropVerdict.refuse("no CRIU 4.2");
    assertThat(pane.dragEntered(payload)).isFalse();
    assertThat(pane.dropVerdict().get().reason()).isEqualTo("no CRIU 4.2");
    assertThat(pane.drop(payload)).isFalse();
    moves.verdict = DropVerdict.accept("");
    assertThat(pane.dragEntered(payload)).isTrue();
    assertThat(pane.drop(payload)).isTrue();
    assertThat(moves.log).containsExactly("move counter to ferry-a");
    pane.clearVerdict();
    assertThat(pane.dropVerdict().get()).isNull();
  }

  @Test
  void aPaneNeverOffersToTakeItsOwnCardOrSomethingThatIsNotACard() {
    assertThat(pane.dragEntered(new ContainerRef("ferry-a", "counter", "runc").encode())).isFalse();
    assertThat(pane.dropVerdict().get()).isNull();
    assertThat(pane.dragEntered("some text from another program")).isFalse();
    assertThat(pane.drop("some text")).isFalse();
    assertThat(moves.log).isEmpty();
  }

  @Test
  void aDraggedCheckpointShowsWhetherThePaneWouldRestoreItAndADropAsksForTheRestore() {
    HostFixtures.RecordingMoves moves = new HostFixtures.RecordingMoves();
    HostPaneViewModel pane = new HostPaneViewModel("ferry-b", "", moves);
    String payload = new dev.ferry.app.model.CheckpointRef("ferry-a", "counter", "cp1").encode();

    moves.verdict = dev.ferry.app.migration.MigrationPort.DropVerdict.refuse("no CRIU 4.2 on ferry-b");
    assertThat(pane.dragEntered(payload)).isFalse();
    assertThat(pane.dropVerdict().get().reason()).isEqualTo("no CRIU 4.2 on ferry-b");
    assertThat(pane.drop(payload)).isFalse();

    moves.verdict = dev.ferry.app.migration.MigrationPort.DropVerdict.accept("can restore counter");
    assertThat(pane.dragEntered(payload)).isTrue();
    assertThat(pane.dropVerdict().get().reason()).isEqualTo("restore counter/cp1 here (can restore counter)");
    assertThat(pane.drop(payload)).isTrue();
    assertThat(moves.log).containsExactly("restore counter/cp1 on ferry-b");
  }
}
