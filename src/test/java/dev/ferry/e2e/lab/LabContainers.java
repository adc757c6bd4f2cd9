package dev.ferry.e2e.lab;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.util.UUID;

/** Names and cleanup for containers that tests make on lab hosts. */
public final class LabContainers {
  private LabContainers() {}

  /** A container name no other test or person uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** Removes a container and its bundle from a host, whatever state it is in; quiet if it is not there. */
  public static void remove(RemoteHost host, String name) {
    host.exec(Command.script("runc delete --force \"$1\" >/dev/null 2>&1; rm -rf \"/var/lib/ferry/containers/$1\"; true", name));
  }

  public static String readFile(RemoteHost host, String path) {
    return host.exec(Command.of("cat", path)).stdout();
  }

  public static String logOf(String container, String file) {
    return "/var/lib/ferry/containers/" + container + "/rootfs/var/log/" + file;
  }
}
