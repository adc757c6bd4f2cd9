package dev.ferry.e2e.checkpoint;

import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.util.Json;
import dev.ferry.engine.ssh.RemoteHost;

/** What checkpoint tests look at and clean up on a lab host, for one test container. */
final class CheckpointLabFiles {
  private CheckpointLabFiles() {}

  /** Every file a checkpoint or restore of {@code ct} may leave on a host, one per line: staging folders, set-aside bundles, locks. */
  static String leftovers(RemoteHost host, String ct) {
    return host.exec(Command.script(
        "ls -d /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/containers/\"$1\".ferry-* /var/lib/ferry/locks/\"$1\" 2>/dev/null; true", ct))
        .stdout().strip();
  }

  static boolean exists(RemoteHost host, String path) {
    return host.exec(Command.of("test", "-e", path)).ok();
  }

  /** runc's status word for the container ("absent" when runc does not know it). */
  static String status(RemoteHost host, String ct) {
    return RuncStatus.of(host, ContainerName.of(ct)).status();
  }

  /** The container's init pid as runc reports it; 0 when there is no such container. */
  static int initPid(RemoteHost host, String ct) throws java.io.IOException {
    ExecResult r = host.exec(Command.of("runc", "state", ct));
    return r.ok() ? Json.MAPPER.readTree(r.stdout()).path("pid").asInt() : 0;
  }

  /** Removes the container, its bundle, its checkpoints and anything a failed run left; quiet when there is nothing. */
  static void removeAll(RemoteHost host, String ct) {
    LabContainers.remove(host, ct);
    host.exec(Command.script("rm -rf /var/lib/ferry/checkpoints/\"$1\" /var/lib/ferry/work/\"$1\"-* /var/lib/ferry/containers/\"$1\".ferry-*;"
        + " rmdir /var/lib/ferry/locks/\"$1\" 2>/dev/null; true", ct));
  }
}
