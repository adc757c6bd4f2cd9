package dev.ferry.engine.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;

/** What a container runtime on a remote host starts from: the host it runs commands on, its name, and the JSON mapper for what it prints. */
abstract class HostRuntime implements ContainerRuntime {
  final RemoteHost host;
  final ObjectMapper json = Json.MAPPER;
  private final String name;

  HostRuntime(RemoteHost host, String name) {
    this.host = host;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }
}
