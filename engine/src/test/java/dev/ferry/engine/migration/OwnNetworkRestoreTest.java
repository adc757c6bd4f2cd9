package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.util.Json;
import org.junit.jupiter.api.Test;

class OwnNetworkRestoreTest {
  private static final String OWN = """
      {"ociVersion": "1.0.2", "linux": {"namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "mount"}]}}
      """;

  @Test
  void aNamespaceOfItsOwnGetsFerrysCriuConfigNamedInItsAnnotations() throws Exception {
    String changed = OwnNetworkRestore.annotated(OWN).orElseThrow();
    assertThat(Json.MAPPER.readTree(changed).path("annotations").path("org.criu.config").asText()).isEqualTo(OwnNetworkRestore.CONFIG);
    assertThat(Json.MAPPER.readTree(changed).path("linux")).isEqualTo(Json.MAPPER.readTree(OWN).path("linux"));
  }

  @Test
  void existingAnnotationsAreKept() throws Exception {
    String config = """
        {"annotations": {"org.example": "x"}, "linux": {"namespaces": [{"type": "network"}]}}
        """;
    var annotations = Json.MAPPER.readTree(OwnNetworkRestore.annotated(config).orElseThrow()).path("annotations");
    assertThat(annotations.path("org.example").asText()).isEqualTo("x");
    assertThat(annotations.path("org.criu.config").asText()).isEqualTo(OwnNetworkRestore.CONFIG);
  }

  @Test
  void aContainerThatNamesItsOwnCriuConfigIsLeftAsItIs() throws Exception {
    String config = """
        {"annotations": {"org.criu.config": "/etc/mine.conf"}, "linux": {"namespaces": [{"type": "network"}]}}
        """;
    assertThat(OwnNetworkRestore.annotated(config)).isEmpty();
    assertThat(OwnNetworkRestore.foreignCriuConfig(Json.MAPPER.readTree(config))).contains("/etc/mine.conf");
  }

  @Test
  void namedAndHostNamespacesNeedNothing() throws Exception {
    String named = """
        {"linux": {"namespaces": [{"type": "network", "path": "/run/netns/web"}]}}
        """;
    String host = """
        {"linux": {"namespaces": [{"type": "pid"}]}}
        """;
    assertThat(OwnNetworkRestore.annotated(named)).isEmpty();
    assertThat(OwnNetworkRestore.kind(Json.MAPPER.readTree(named))).isEqualTo(OwnNetworkRestore.Kind.JOINED);
    assertThat(OwnNetworkRestore.annotated(host)).isEmpty();
    assertThat(OwnNetworkRestore.kind(Json.MAPPER.readTree(host))).isEqualTo(OwnNetworkRestore.Kind.HOST);
  }

  @Test
  void aDamagedConfigIsLeftAlone() {
    assertThat(OwnNetworkRestore.annotated("{not json")).isEmpty();
  }
}
