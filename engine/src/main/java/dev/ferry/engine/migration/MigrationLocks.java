package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.SshHost;
import java.util.List;

/** A migration's locks on its container, on the source and on the destination, taken and released as a pair. */
record MigrationLocks(ContainerLock source, ContainerLock destination) {

  /** Takes the source's lock, then the destination's; if the second cannot be had, the first is given back. */
  static MigrationLocks take(SshHost source, SshHost destination, ContainerName ct, ContainerLock.Owner owner) {
    ContainerLock s = take(source, ct, owner);
    try {
      return new MigrationLocks(s, take(destination, ct, owner));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static ContainerLock take(SshHost host, ContainerName ct, ContainerLock.Owner owner) {
    try {
      return ContainerLock.tryAcquire(host, ct, owner).orElseThrow(() -> new MigrationException(
          ContainerLock.busyMessage(host, ct), ContainerLock.busyAdvice(host, ct)));
    } catch (ContainerLock.LockException e) {
      throw new MigrationException(e.getMessage(), e.advice());
    }
  }

  /** Releases both: a host out of reach keeps its lock (stale once unrenewed), the other is released; the first failure is thrown. */
  void release() {
    RuntimeException first = null;
    for (ContainerLock l : List.of(destination, source)) {
      try {
        l.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
