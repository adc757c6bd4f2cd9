package dev.ferry.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Podman on a host, through its command line. Containers are named by their Podman name. */
public final class PodmanRuntime extends HostRuntime {
  static final String NAME = "podman";
  private static final Duration PODMAN_TIMEOUT = Duration.ofSeconds(60);

  public PodmanRuntime(RemoteHost host) {
    super(host, NAME);
  }

  @Override
  public List<ContainerInfo> list() {
    Command c = Command.of("podman", "ps", "--all", "--size", "--format", "json");
    ExecResult r = host.exec(c, PODMAN_TIMEOUT).orThrow(host.name(), c);
    return parseList(r.stdout());
  }

  List<ContainerInfo> parseList(String out) {
    List<ContainerInfo> all = new ArrayList<>();
    JsonNode list;
    try {
      list = json.readTree(out.isBlank() ? "[]" : out);
    } catch (IOException e) {
      throw new IllegalStateException("podman printed something Ferry cannot read: " + e.getMessage(), e);
    }
    for (JsonNode c : list) {
      String name = c.path("Names").isArray() && c.path("Names").size() > 0 ? c.path("Names").get(0).asText() : c.path("Id").asText();
      JsonNode size = c.path("Size").path("rootFsSize");
      all.add(new ContainerInfo(name, NAME, ContainerState.parse(c.path("State").asText()), c.path("Pid").asInt(),
          "", "", Instant.ofEpochSecond(c.path("Created").asLong()), OptionalLong.empty(), OptionalLong.empty(),
          size.isNumber() ? OptionalLong.of(size.asLong()) : OptionalLong.empty()));
    }
    return all;
  }

  @Override
  public ContainerInfo inspect(ContainerName id) {
    return list().stream().filter(c -> c.id().equals(id.value())).findFirst()
        .orElseThrow(() -> new ContainerNotFoundException(host.name(), id, NAME));
  }

  @Override
  public void start(ContainerName id) {
    run("start", id);
  }

  @Override
  public void stop(ContainerName id) {
    run("stop", id);
  }

  @Override
  public void pause(ContainerName id) {
    run("pause", id);
  }

  @Override
  public void resume(ContainerName id) {
    run("unpause", id);
  }

  @Override
  public void delete(ContainerName id) {
    run("rm", id, "--force");
  }

  private void run(String verb, ContainerName id, String... flags) {
    List<String> argv = new ArrayList<>(List.of("podman", verb));
    argv.addAll(List.of(flags));
    argv.add("--");
    argv.add(id.value());
    Command c = Command.of(argv);
    host.exec(c, PODMAN_TIMEOUT).orThrow(host.name(), c);
  }
}
