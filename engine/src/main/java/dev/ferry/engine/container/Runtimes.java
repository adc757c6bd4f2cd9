package dev.ferry.engine.container;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The runtimes Ferry knows, and which of them a host has. A new runtime (LXC, Incus, ...) is one
 * more entry in {@link #KNOWN}.
 */
public final class Runtimes {
  private Runtimes() {}

  private record Known(String binary, Function<RemoteHost, ContainerRuntime> factory) {}

  private static final List<Known> KNOWN = List.of(
      new Known("runc", RuncRuntime::new),
      new Known("podman", PodmanRuntime::new));

  /** The runtimes installed on the host, found in one round trip. */
  public static List<ContainerRuntime> on(RemoteHost host) {
    String[] binaries = KNOWN.stream().map(Known::binary).toArray(String[]::new);
    Command which = Command.script("for b in \"$@\"; do command -v \"$b\" >/dev/null 2>&1 && echo \"$b\"; done; true", binaries);
    List<String> present = host.exec(which).stdout().lines().map(String::strip).toList();
    List<ContainerRuntime> found = new ArrayList<>();
    for (Known k : KNOWN) {
      if (present.contains(k.binary())) {
        found.add(k.factory().apply(host));
      }
    }
    return found;
  }
}
