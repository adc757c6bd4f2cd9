package dev.ferry.engine.container;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.util.Optional;

/**
 * Keeps Ferry's operations on one container apart on one host: a migration, a named checkpoint and
 * a restore of the same container never run at once. The lock is a folder under
 * {@link FerryPaths#LOCKS}, made with {@code mkdir}, which is atomic on the host, so it also holds
 * between two Ferry clients. A crash can leave it behind; {@link #busyAdvice} tells the user how to
 * remove it.
 */
public final class ContainerLock implements AutoCloseable {
  private static final String TAKE = "mkdir -p \"$1\" && mkdir \"$1/$2\" 2>/dev/null";

  private final RemoteHost host;
  private final ContainerName container;
  private boolean held = true;

  private ContainerLock(RemoteHost host, ContainerName container) {
    this.host = host;
    this.container = container;
  }

  /** Takes the lock, or returns empty when another operation holds it. */
  public static Optional<ContainerLock> tryAcquire(RemoteHost host, ContainerName container) {
    boolean taken = host.exec(Command.script(TAKE, FerryPaths.LOCKS, container.value())).ok();
    return taken ? Optional.of(new ContainerLock(host, container)) : Optional.empty();
  }

  /** The lock's folder on a host: it exists while an operation holds the container. */
  public static String path(ContainerName container) {
    return FerryPaths.LOCKS + "/" + container.value();
  }

  public static String busyMessage(RemoteHost host, ContainerName container) {
    return "Another migration or checkpoint of " + container + " is already running on " + host.name() + ".";
  }

  public static String busyAdvice(RemoteHost host, ContainerName container) {
    return "Wait for it to finish. If none is running (the computer crashed during one), remove "
        + path(container) + " on " + host.name() + ".";
  }

  /** Releases the lock; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (held) {
      held = false;
      host.exec(Command.of("rmdir", path(container)));
    }
  }
}
