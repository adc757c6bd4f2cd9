package dev.ferry.e2e.lab;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Podman containers on the lab, from its local image: how the Podman tests make, ask and remove them. */
public final class PodmanLab {
  public static final String IMAGE = "localhost/ferry-busybox:lab";

  private PodmanLab() {}

  /**
   * A Podman container on {@code host} in a named network namespace with the address {@code ip} (routed to that host when
   * {@code routed}), running the counter every {@code tickMs} and the TCP echo server on port 7000; returns once it listens.
   */
  public static void startCounter(Lab lab, SshHost host, String ct, String ip, long tickMs, boolean routed) throws InterruptedException {
    Lab.sh("ctnet", "--name", lab.name(), host.name(), ct, ip).orFail("lab ctnet");
    if (routed) {
      Lab.sh("route", "--name", lab.name(), ip, host.name()).orFail("lab route");
    }
    lab.exec(host.name(), "podman", "run", "-d", "--name", ct, "--runtime", "runc", "--network", "ns:/run/netns/" + ct, IMAGE,
        "sh", "-c", "ferry-counter --log /var/log/counter.log --interval-ms " + tickMs + " </dev/null >/dev/null 2>&1 &"
            + " exec ferry-tcp-server --port 7000 --log /var/log/tcp-server.log").orFail("podman run");
    // The server logs its start once it listens.
    Await.until("the TCP server in " + ct + " listening", Duration.ofSeconds(20), Duration.ofMillis(100),
        () -> exec(host, ct, "cat", "/var/log/tcp-server.log").contains("start "));
  }

  /** Removes the container, its work folders and its namespace from every lab host, and the router's route to {@code ip} (if not null). */
  public static void remove(Lab lab, String ct, String ip) {
    for (String h : new String[] {"ferry-a", "ferry-b"}) {
      lab.exec(h, "sh", "-c", "podman container rm --force --time 0 -- '" + ct + "' >/dev/null 2>&1; rm -rf /var/lib/ferry/work/'"
          + ct + "'-*; true");
      Lab.sh("ctnet", "--name", lab.name(), h, ct, "--delete");
    }
    if (ip == null) {
      return;
    }
    try {
      new ProcessBuilder("nsenter", "--net=/run/netns/" + lab.name() + "-lab", "ip", "route", "del", ip + "/32")
          .redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (java.io.IOException | InterruptedException e) {
      // only a stale route to nowhere is left
    }
  }

  /** Podman's word for the container's state on {@code host}: running, exited, ..., or "absent". */
  public static String state(SshHost host, String ct) {
    var r = host.exec(Command.of("podman", "container", "inspect", "--format", "{{.State.Status}}", "--", ct));
    return r.ok() ? r.stdout().strip() : r.stderr().contains("no such container") ? "absent" : "unknown: " + r.stderr().strip();
  }

  public static String exec(SshHost host, String ct, String... cmd) {
    return host.exec(Command.of("podman", "exec", ct).with(cmd)).stdout();
  }
}
