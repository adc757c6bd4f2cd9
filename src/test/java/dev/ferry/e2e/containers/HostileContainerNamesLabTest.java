package dev.ferry.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.e2e.lab.PwnedMarker;
import dev.ferry.e2e.lab.LabSession;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Container names are checked before anything reaches a host: hostile ones are refused with what is
 * allowed, and odd but valid ones (dots, a plus, "..") work through the runc API on a real host
 * without being taken for paths, options or other containers.
 */
@RequiresLab
class HostileContainerNamesLabTest {
  private static final String HOST = "ferry-b";

  @RegisterExtension
  static final LabSession session = new LabSession();
  private SshHost host;
  private RuncRuntime runc;
  private PwnedMarker marker;
  private String oddName;

  @BeforeEach
  void connect() {
    host = session.lab().connect(HOST, session.threads());
    runc = new RuncRuntime(host);
    marker = PwnedMarker.fresh();
    // Looks like a path ("..") and a version ("x.-_"), but is a name runc and the lab accept.
    oddName = "e2e..odd_name.-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    try {
      session.lab().exec(HOST, "runc", "delete", "-f", oddName);
      session.lab().exec(HOST, "rm", "-rf", "--", FerryPaths.CONTAINERS + "/" + oddName);
      marker.removeFrom(session.lab(), HOST);
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
    assertThat(marker.existsOn(session.lab(), HOST)).isFalse();
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
    session.lab().startContainer(HOST, oddName, "sleep");
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
    return ContainerStates.runcStatus(session.lab(), HOST, container);
  }
}
