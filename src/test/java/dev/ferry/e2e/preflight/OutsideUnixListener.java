package dev.ferry.e2e.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LabContainers;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;

/**
 * A unix listener on a lab host, outside any container, in a socket file a container of that host
 * sees as {@link #IN_CONTAINER}: a container process connected to it holds what CRIU cannot move (a
 * connection with only one end in the container), so the pre-flight refuses every destination. One
 * socat process, bounded by a timeout in case the test dies before {@link #close()} kills it.
 */
public final class OutsideUnixListener implements AutoCloseable {
  /** Where the container sees the listener's socket file. */
  public static final String IN_CONTAINER = "/run/ext.sock";
  /** Where the unix workload logs ("connected PATH" once it holds the connection). */
  public static final String LOG = "unix-peers.log";
  // socat -u accepts one connection and sinks it; the script prints its pid and waits for the socket file.
  private static final String START = """
      rm -f "$1"
      setsid timeout "$2" socat -u "UNIX-LISTEN:$1" OPEN:/dev/null </dev/null >/dev/null 2>&1 &
      echo $!
      i=0; while [ ! -S "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
      [ -S "$1" ]
      """;

  private final RemoteHost host;
  private final String path;
  private final String pid;

  private OutsideUnixListener(RemoteHost host, String path, String pid) {
    this.host = host;
    this.path = path;
    this.pid = pid;
  }

  /** Listens, on {@code host}, where its container {@code ct} sees {@link #IN_CONTAINER}; gone after {@code lifetime} at the latest. */
  public static OutsideUnixListener listenFor(RemoteHost host, String ct, Duration lifetime) {
    String path = "/var/lib/ferry/containers/" + ct + "/rootfs" + IN_CONTAINER;
    Command start = Command.script(START, path, lifetime.toSeconds() + "s");
    ExecResult r = host.exec(start);
    assertThat(r.exitCode()).as(start.label() + " on " + host.name() + ": " + r.stderr()).isZero();
    return new OutsideUnixListener(host, path, r.stdout().strip());
  }

  /**
   * Starts {@code ct} on {@code hostName} (the unix workload) connected to a listener made for it, and
   * waits until it holds the connection: a container no host can take. Close the listener after removing
   * the container.
   */
  public static OutsideUnixListener containerHeldBy(Lab lab, RemoteHost host, String ct, Duration lifetime) throws InterruptedException {
    lab.startContainer(host.name(), ct, "unix", "--", "--connect", IN_CONTAINER, "--log", "/var/log/" + LOG);
    OutsideUnixListener l = listenFor(host, ct, lifetime);
    LabContainers.awaitLine(host, LabContainers.logOf(ct, LOG), "connected " + IN_CONTAINER);
    return l;
  }

  /** The socket file's path on the host. */
  public String path() {
    return path;
  }

  /** Whether the listener's process still runs (it does while it holds its connection). */
  public boolean alive() {
    return host.exec(Command.of("kill", "-0", pid)).ok();
  }

  @Override
  public void close() {
    if (!pid.isEmpty()) {
      host.exec(Command.of("kill", pid));
    }
  }
}
