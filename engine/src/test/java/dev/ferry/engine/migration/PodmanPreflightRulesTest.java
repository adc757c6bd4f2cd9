package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.migration.PreflightCheck.Status;
import dev.ferry.engine.migration.PreflightRules.Side;
import dev.ferry.engine.probe.Recordings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the pre-flight says about a Podman container, from recorded facts: each failure in plain words with what to do. */
class PodmanPreflightRulesTest {
  private static PodmanContainer container(String network, String runtime, List<Integer> ports) {
    return new PodmanContainer("pod1", "6e9e", "running", 42, "sha256:91fe309b6f40", "localhost/ferry-busybox:lab", network, ports, runtime,
        "/var/lib/containers/storage/overlay-containers/6e9e/userdata");
  }

  private static final PodmanContainer ROUTED = container("ns:/run/netns/pod1", "runc", List.of());
  private static final PodmanPreflightRules.Destination FREE = new PodmanPreflightRules.Destination(false, true, List.of());

  @Test
  void aDestinationWithoutPodmanIsRefusedWithHowToInstallIt() {
    PreflightCheck c = PodmanPreflightRules.podman(new Side("ferry-b", Recordings.facts(Recordings.NO_PODMAN)));

    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.reason()).contains("Podman is not installed on ferry-b").contains("install the podman package");
  }

  @Test
  void aHostWithPodmanPasses() {
    PreflightCheck c = PodmanPreflightRules.podman(new Side("ferry-b", Recordings.facts(Recordings.CRIU_421)));

    assertThat(c.status()).as(c.reason()).isEqualTo(Status.PASS);
    assertThat(c.reason()).contains("Podman 4.3");
  }

  @Test
  void aContainerRunByCrunIsRefusedBecauseCrunHereHasNoCriu() {
    PreflightCheck c = PodmanPreflightRules.ociRuntime("ferry-a", container("bridge", "crun", List.of()));

    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.reason()).contains("runs with crun on ferry-a").contains("--runtime runc");
  }

  @Test
  void aNameTakenOnTheDestinationIsRefused() {
    PreflightCheck c = PodmanPreflightRules.name("pod1", "ferry-b", PodmanPreflightRules.Destination.parse("name\nimage\n"));

    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.reason()).contains("ferry-b already has a Podman container named pod1").contains("podman container rm pod1");
  }

  @Test
  void aMissingImageIsBroughtOverNotRefused() {
    PreflightCheck c = PodmanPreflightRules.image(ROUTED, "ferry-b", PodmanPreflightRules.Destination.parse(""));

    assertThat(c.status()).isEqualTo(Status.PASS);
    assertThat(c.reason()).contains("brings it over");
  }

  @Test
  void aPublishedPortTakenOnTheDestinationIsRefused() {
    PodmanContainer published = container("bridge", "runc", List.of(8080, 8443));
    PreflightCheck c = PodmanPreflightRules.ports(published, "ferry-b", PodmanPreflightRules.Destination.parse("image\nport 8443\n"));

    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.reason()).contains("host port(s) 8443").contains("already listens on").contains("Free them");
    assertThat(PodmanPreflightRules.ports(published, "ferry-b", FREE).status()).isEqualTo(Status.PASS);
  }

  @Test
  void podmansOwnNetworkWarnsThatConnectionsThroughTheSourceAreLost() {
    PreflightCheck bridge = PodmanPreflightRules.network(container("bridge", "runc", List.of(8080)), "ferry-a", "ferry-b");
    PreflightCheck routed = PodmanPreflightRules.network(ROUTED, "ferry-a", "ferry-b");

    assertThat(bridge.status()).isEqualTo(Status.WARN);
    assertThat(bridge.reason()).contains("TCP connections made through ferry-a are lost").contains("--network ns:");
    assertThat(routed.status()).isEqualTo(Status.PASS);
    assertThat(routed.reason()).contains("its TCP connections follow it");
  }

  @Test
  void aNamespaceThatIsNotANamedOneIsRefusedBeforeTheFreeze() {
    PreflightCheck c = PodmanPreflightRules.network(container("ns:/proc/4242/ns/net", "runc", List.of()), "ferry-a", "ferry-b");

    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.reason()).contains("/proc/4242/ns/net").contains("cannot make on ferry-b");
  }

  @Test
  void onlyStopAndCopyIsOfferedAndAnotherStrategyAskedForIsRefused() {
    List<PreflightCheck> checks = new ArrayList<>();
    assertThat(PodmanPreflightRules.strategy(Optional.empty(), checks).strategy()).isEqualTo(Strategy.STOP_AND_COPY);
    assertThat(checks).isEmpty();

    PodmanPreflightRules.strategy(Optional.of(Strategy.POST_COPY), checks);
    assertThat(checks).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.reason()).contains("only by stop-and-copy");
    });
  }

  @Test
  void theDestinationsAnswerIsReadLineByLine() {
    PodmanPreflightRules.Destination d = PodmanPreflightRules.Destination.parse("image\nport 80\nport 443\n");

    assertThat(d.nameTaken()).isFalse();
    assertThat(d.imageThere()).isTrue();
    assertThat(d.portsTaken()).containsExactly(80, 443);
  }
}
