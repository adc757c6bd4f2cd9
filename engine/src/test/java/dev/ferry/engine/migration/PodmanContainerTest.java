package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.container.ContainerName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading what {@code podman container inspect} printed on a lab host (Podman 4.3.1). */
class PodmanContainerTest {
  private static String recorded(String name) throws IOException {
    try (InputStream in = PodmanContainerTest.class.getResourceAsStream("/podman/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsStateImageByIdNetworkAndPublishedPorts() throws IOException {
    PodmanContainer c = PodmanContainer.parse(ContainerName.of("pinsp-x"), recorded("inspect-bridge-published.json"));

    assertThat(c.name()).isEqualTo("pinsp-x");
    assertThat(c.running()).isTrue();
    assertThat(c.pid()).isPositive();
    assertThat(c.imageId()).startsWith("91fe309b6f40");
    assertThat(c.imageName()).isEqualTo("localhost/ferry-busybox:lab");
    assertThat(c.ociRuntime()).isEqualTo("runc");
    assertThat(c.hostPorts()).containsExactly(18080);
    assertThat(c.podmanNetwork()).isTrue();
    assertThat(c.namedNetns()).isEmpty();
  }

  @Test
  void aNamedNamespaceIsTheOneAfterNsPrefix() {
    String json = "[{\"Name\":\"pod1\",\"State\":{\"Status\":\"running\",\"Pid\":42},\"HostConfig\":{\"NetworkMode\":\"ns:/run/netns/pod1\"}}]";
    PodmanContainer c = PodmanContainer.parse(ContainerName.of("pod1"), json);

    assertThat(c.namedNetns()).contains("pod1");
    assertThat(c.podmanNetwork()).isFalse();
    assertThat(c.hostPorts()).isEmpty();
  }

  @Test
  void anEmptyAnswerIsAbsentAndGarbageIsUnknownNeverAbsent() {
    assertThat(PodmanContainer.parse(ContainerName.of("x"), "[]").absent()).isTrue();
    PodmanContainer garbage = PodmanContainer.parse(ContainerName.of("x"), "Error: something");
    assertThat(garbage.known()).isFalse();
    assertThat(garbage.absent()).isFalse();
  }

  @Test
  void theCheckpointedOriginalIsReportedAsStoppedInRuncsWords() {
    String json = "[{\"Name\":\"pod1\",\"State\":{\"Status\":\"exited\",\"Pid\":0},\"HostConfig\":{\"NetworkMode\":\"none\"}}]";
    RuncState st = PodmanContainer.parse(ContainerName.of("pod1"), json).asRuncState();

    assertThat(st.status()).isEqualTo(RuncState.STOPPED);
    assertThat(st.running()).isFalse();
  }

  @Test
  void readsCriusStatisticsFromPodmansPrintStats() {
    String printed = """
        {"podman_checkpoint_duration": 376728, "container_statistics": [{"Id": "6e9e", "runtime_checkpoint_duration": 302593,
          "criu_statistics": {"freezing_time": 100862, "frozen_time": 110348, "pages_written": 93}}]}
        """;
    assertThat(PodmanOps.criuStats(printed)).hasValueSatisfying(s -> {
      assertThat(s.path("frozen_time").asLong()).isEqualTo(110348);
      assertThat(s.path("pages_written").asLong()).isEqualTo(93);
    });
    assertThat(PodmanOps.criuStats("")).isEmpty();
    assertThat(PodmanOps.criuStats("not json")).isEmpty();
  }
}
