package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code podman container inspect} says about one container, read with the engine's JSON mapper:
 * the facts a migration needs (its state, the image it was made from by id, the network it joins and
 * the host ports it publishes, and the OCI bundle Podman made for its runtime, whose config.json holds its
 * mounts). {@link #ABSENT} and {@link #UNKNOWN} keep "Podman does not know it"
 * apart from "the host could not be asked", as {@link RuncState} does.
 */
record PodmanContainer(String name, String id, String status, long pid, String imageId, String imageName, String networkMode,
    List<Integer> hostPorts, String ociRuntime, String bundle) {
  static final String ABSENT = RuncState.ABSENT;
  static final String UNKNOWN = RuncState.UNKNOWN;
  private static final String NETNS_PREFIX = "ns:/run/netns/";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  // podman says "no such container" (exit 125) for a name it does not know; anything else is an error of the asking.
  private static final String INSPECT = "out=$(podman container inspect -- \"$1\" 2>&1) && { printf '%s' \"$out\"; exit 0; };"
      + " case $out in *'no such container'*) exit 3 ;; esac; printf '%s' \"$out\" >&2; exit 1";

  static PodmanContainer of(RemoteHost host, ContainerName ct) {
    ExecResult r;
    try {
      r = host.exec(Command.script(INSPECT, ct.value()), TIMEOUT);
    } catch (RuntimeException e) {
      return missing(ct, UNKNOWN);
    }
    if (r.exitCode() == 3 || r.exitCode() == 127) {
      return missing(ct, ABSENT);
    }
    return r.ok() ? parse(ct, r.stdout()) : missing(ct, UNKNOWN);
  }

  private static PodmanContainer missing(ContainerName ct, String status) {
    return new PodmanContainer(ct.value(), "", status, 0, "", "", "", List.of(), "", "");
  }

  static PodmanContainer parse(ContainerName ct, String json) {
    JsonNode n;
    try {
      JsonNode all = Json.MAPPER.readTree(json);
      n = all.isArray() ? all.path(0) : all;
    } catch (IOException e) {
      return missing(ct, UNKNOWN);
    }
    if (n.isMissingNode()) {
      return missing(ct, ABSENT);
    }
    List<Integer> ports = new ArrayList<>();
    for (JsonNode bindings : n.path("HostConfig").path("PortBindings")) {
      for (JsonNode b : bindings) {
        try {
          ports.add(Integer.parseInt(b.path("HostPort").asText("")));
        } catch (NumberFormatException e) {
          // a port range or an empty binding: Podman picks the port, nothing to check ahead
        }
      }
    }
    String state = n.path("State").path("Status").asText(UNKNOWN);
    return new PodmanContainer(n.path("Name").asText(ct.value()), n.path("Id").asText(""), state, n.path("State").path("Pid").asLong(0),
        n.path("Image").asText(""), n.path("ImageName").asText(""), n.path("HostConfig").path("NetworkMode").asText(""),
        List.copyOf(ports), n.path("OCIRuntime").asText(""), n.path("OCIConfigPath").asText("").replaceFirst("/[^/]*$", ""));
  }

  boolean running() {
    return status.equals("running");
  }

  boolean absent() {
    return status.equals(ABSENT);
  }

  boolean known() {
    return !status.equals(UNKNOWN);
  }

  /** The named network namespace (/run/netns/NAME) it joins, if it was made with {@code --network ns:/run/netns/NAME}. */
  Optional<String> namedNetns() {
    return networkMode.startsWith(NETNS_PREFIX) ? Optional.of(networkMode.substring(NETNS_PREFIX.length())) : Optional.empty();
  }

  /** Podman's own networks (bridge, a named network, slirp4netns): it gets a new address on the destination. */
  boolean podmanNetwork() {
    return !networkMode.isEmpty() && !networkMode.startsWith("ns:") && !networkMode.equals("none") && !networkMode.equals("host");
  }

  /** Its state as the migration's placement reports it, in runc's words ("stopped" for Podman's exited, checkpointed copy). */
  RuncState asRuncState() {
    String s = switch (status) {
      case "exited", "stopped", "created", "configured" -> RuncState.STOPPED;
      default -> status;
    };
    return new RuncState(s, pid);
  }
}
