package dev.ferry.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerListener;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerRuntime;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.HostContainers;
import dev.ferry.engine.container.Runtimes;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * runc and Podman containers on a real host, through the engine: both listed with the states the
 * host's own tools report, paused and resumed, and every change heard by HostContainers' listeners.
 * Other people's containers on the same host are ignored; only this test's two names are looked at.
 */
@RequiresLab
class ContainerRuntimesLabTest {
  private static final String HOST = "ferry-b";
  private static final String PODMAN_IMAGE = "localhost/ferry-busybox:lab";
  private static final Duration PODMAN_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final LabSession session = new LabSession();
  private SshHost host;
  private String runcName;
  private String podmanName;

  /** One heard event: what, from which runtime, about which container, in which state afterwards. */
  private record Heard(String event, String runtime, String id, ContainerState state) {}

  @BeforeEach
  void connect() {
    host = session.lab().connect(HOST, session.threads());
    String unique = UUID.randomUUID().toString().substring(0, 8);
    runcName = "e2e-runc-" + unique;
    podmanName = "e2e-podman-" + unique;
  }

  @AfterEach
  void removeContainers() {
    try {
      session.lab().exec(HOST, "runc", "delete", "-f", runcName);
      session.lab().exec(HOST, "rm", "-rf", "--", FerryPaths.CONTAINERS + "/" + runcName);
      session.lab().exec(HOST, "podman", "rm", "--force", "--time", "0", "--", podmanName);
    } finally {
      host.close();
    }
  }

  @Test
  void runcAndPodmanContainersAreListedPausedResumedAndHeard() {
    List<ContainerRuntime> runtimes = Runtimes.on(host);
    assertThat(runtimes).extracting(ContainerRuntime::name).containsExactly("runc", "podman");
    ContainerRuntime runc = runtimes.get(0);
    ContainerRuntime podman = runtimes.get(1);
    List<Heard> heard = new CopyOnWriteArrayList<>();
    HostContainers containers = new HostContainers(host, runtimes, session.threads().io());
    containers.addListener(recorder(heard, Set.of(runcName, podmanName)));
    containers.refreshNow();
    assertThat(heard).as("before the containers exist").isEmpty();

    session.lab().startContainer(HOST, runcName, "sleep");
    startPodmanContainer();
    List<ContainerInfo> listed = containers.refreshNow();

    assertThat(find(listed, "runc", runcName).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(find(listed, "podman", podmanName).state()).isEqualTo(ContainerState.RUNNING);
    // Podman runs its containers through the same runc: listed once, under Podman, not again under runc.
    String podmanId = podmanInspect("{{.Id}}");
    assertThat(ContainerStates.runcStatus(session.lab(), HOST, podmanId)).as("runc's view of the Podman container").isEqualTo("running");
    assertThat(listed).extracting(ContainerInfo::id).doesNotContain(podmanId);
    assertThat(heard).containsExactlyInAnyOrder(
        new Heard("appeared", "runc", runcName, ContainerState.RUNNING),
        new Heard("appeared", "podman", podmanName, ContainerState.RUNNING));

    heard.clear();
    runc.pause(ContainerName.of(runcName));
    assertThat(ContainerStates.runcStatus(session.lab(), HOST, runcName)).isEqualTo("paused");
    containers.refreshNow();
    runc.resume(ContainerName.of(runcName));
    assertThat(ContainerStates.runcStatus(session.lab(), HOST, runcName)).isEqualTo("running");
    containers.refreshNow();
    assertThat(heard).containsExactly(
        new Heard("changed", "runc", runcName, ContainerState.PAUSED),
        new Heard("changed", "runc", runcName, ContainerState.RUNNING));

    heard.clear();
    podman.pause(ContainerName.of(podmanName));
    assertThat(find(podman.list(), "podman", podmanName).state()).isEqualTo(ContainerState.PAUSED);
    assertThat(podmanInspect("{{.State.Status}}")).isEqualTo("paused");
    containers.refreshNow();
    podman.resume(ContainerName.of(podmanName));
    assertThat(find(podman.list(), "podman", podmanName).state()).isEqualTo(ContainerState.RUNNING);
    containers.refreshNow();
    assertThat(heard).containsExactly(
        new Heard("changed", "podman", podmanName, ContainerState.PAUSED),
        new Heard("changed", "podman", podmanName, ContainerState.RUNNING));

    heard.clear();
    runc.delete(ContainerName.of(runcName));
    podman.delete(ContainerName.of(podmanName));
    List<ContainerInfo> after = containers.refreshNow();
    assertThat(after).extracting(ContainerInfo::id).doesNotContain(runcName, podmanName);
    assertThat(heard).containsExactlyInAnyOrder(
        new Heard("disappeared", "runc", runcName, ContainerState.RUNNING),
        new Heard("disappeared", "podman", podmanName, ContainerState.RUNNING));
  }

  private void startPodmanContainer() {
    Command exists = Command.of("podman", "image", "exists", PODMAN_IMAGE);
    assertThat(host.exec(exists, PODMAN_TIMEOUT).exitCode()).as("the lab's image %s on %s", PODMAN_IMAGE, HOST).isZero();
    Command run = Command.of("podman", "run", "-d", "--name", podmanName, "--runtime", "runc", PODMAN_IMAGE, "sleep", "1000");
    host.exec(run, PODMAN_TIMEOUT).orThrow(HOST, run);
  }

  private String podmanInspect(String format) {
    return session.lab().exec(HOST, "podman", "inspect", "--format", format, podmanName).orFail("podman inspect").stdout().strip();
  }

  private static ContainerInfo find(List<ContainerInfo> list, String runtime, String id) {
    return list.stream().filter(c -> c.runtime().equals(runtime) && c.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(runtime + " container " + id + " is not in " + list));
  }

  private static ContainerListener recorder(List<Heard> heard, Set<String> ours) {
    return new ContainerListener() {
      @Override
      public void appeared(String h, ContainerInfo c) {
        record("appeared", c);
      }

      @Override
      public void changed(String h, ContainerInfo before, ContainerInfo after) {
        record("changed", after);
      }

      @Override
      public void disappeared(String h, ContainerInfo c) {
        record("disappeared", c);
      }

      private void record(String event, ContainerInfo c) {
        if (ours.contains(c.id())) {
          heard.add(new Heard(event, c.runtime(), c.id(), c.state()));
        }
      }
    };
  }
}
