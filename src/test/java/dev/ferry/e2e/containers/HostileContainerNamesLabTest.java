package dev.ferry.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.PwnedMarker;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerNotFoundException;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncRuntime;
import dev.ferry.engine.ssh.HostileStrings;
import dev.ferry.engine.ssh.RemoteCommandException;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Container names are checked before anything reaches a host: hostile ones are refused with what is
 * allowed, and odd but valid ones (dots, a plus, "..") work through the runc API on a real host
 * without being taken for paths, options or other containers.
 */
@RequiresLab
class HostileContainerNamesLabTest {
  private static final String HOST = "ferry-b";

  private static Lab lab;
  private static EngineThreads threads;
  private SshHost host;
  private RuncRuntime runc;
  private PwnedMarker marker;
  private String oddName;

  @BeforeAll
  static void lab() {
    lab = Lab.ensureUp();
    threads = new EngineThreads();
  }

  @AfterAll
  static void closeThreads() {
    threads.close();
  }

  @BeforeEach
  void connect() {
    host = lab.connect(HOST, threads);
    runc = new RuncRuntime(host);
    marker = PwnedMarker.fresh();
    // Looks like a path ("..") and a version ("x.-_"), but is a name runc and the lab accept.
    oddName = "e2e..odd_name.-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    try {
      lab.exec(HOST, "runc", "delete", "-f", oddName);
      lab.exec(HOST, "rm", "-rf", "--", FerryPaths.CONTAINERS + "/" + oddName);
      marker.removeFrom(lab, HOST);
    } finally {
      host.close();
    }
  }

  @Test
  void everyHostileStringIsRefusedAsAContainerNameSayingWhatIsAllowed() {
    for (String hostile : HostileStrings.all(marker.path())) {
      assertThatThrownBy(() -> runc.pause(ContainerName.of(hostile)))
          .as("container name %s", hostile)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a valid container name")
          .hasMessageContaining("letters, digits and _ + - .")
          .hasMessageNotContaining("\n");
    }
    assertThat(marker.existsOn(lab, HOST)).isFalse();
  }

  @Test
  void oddButValidNameThatDoesNotExistFailsCleanlyAsNotFound() {
    ContainerName missing = ContainerName.of("+.." + oddName);

    assertThatThrownBy(() -> runc.inspect(missing))
        .isInstanceOf(ContainerNotFoundException.class)
        .hasMessageContaining("'" + missing + "'");
    assertThatThrownBy(() -> runc.pause(missing))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("runc pause")
        .hasMessageContaining("does not exist");
  }

  @Test
  void oddButValidNameIsPausedInspectedAndResumedThroughTheRuncApi() {
    lab.startContainer(HOST, oddName, "sleep");
    ContainerName name = ContainerName.of(oddName);

    runc.pause(name);
    assertThat(runcStatus(oddName)).isEqualTo("paused");
    ContainerInfo paused = runc.inspect(name);
    assertThat(paused.state()).isEqualTo(ContainerState.PAUSED);
    assertThat(paused.bundle()).isEqualTo(FerryPaths.bundle(name));
    assertThat(paused.rootfsBytes()).as("du of the rootfs").isPresent();

    runc.resume(name);
    assertThat(runcStatus(oddName)).isEqualTo("running");
  }

  private static String runcStatus(String container) {
    return ContainerStates.runcStatus(lab, HOST, container);
  }
}
