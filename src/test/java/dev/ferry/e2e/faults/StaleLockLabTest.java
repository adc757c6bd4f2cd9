package dev.ferry.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locks on a real lab host, held by two clients with their own connections: a live lock keeps the
 * other out, a lock whose owner stopped renewing it past its stale age is taken over, and the old
 * owner can then neither renew nor release what is no longer its own.
 */
@RequiresLab
class StaleLockLabTest {
  private static Lab lab;
  private static EngineThreads threads;
  private static SshHost first;
  private static SshHost second;

  @BeforeAll
  static void twoClients() {
    lab = Lab.ensureUp();
    threads = new EngineThreads();
    first = lab.connect(CellRunner.SOURCE, threads);
    second = lab.connect(CellRunner.SOURCE, threads);
  }

  @AfterAll
  static void close() {
    if (first != null) {
      first.close();
      second.close();
      threads.close();
    }
  }

  @Test
  void aLiveLockKeepsOthersOutAndAStaleOneIsTakenOverOnce() {
    ContainerName ct = ContainerName.of("lock-" + UUID.randomUUID().toString().substring(0, 6));
    String ownerFile = ContainerLock.path(ct) + "/owner.json";
    ContainerLock.Owner old = ContainerLock.Owner.thisClient("migration (test: the client that dies)", Duration.ofSeconds(15));
    ContainerLock held = ContainerLock.tryAcquire(first, ct, old).orElseThrow();
    try {
      ContainerLock.Owner next = ContainerLock.Owner.thisClient("migration (test: the next client)", Duration.ofSeconds(15));
      assertThat(ContainerLock.tryAcquire(second, ct, next)).as("a lock renewed within its stale age is not taken").isEmpty();
      assertThat(held.renew()).isTrue();

      // The first client stops renewing: its lock ages past 15 s (aged here rather than waited for).
      assertThat(first.exec(Command.of("touch", "-d", "-60 seconds", ownerFile)).ok()).isTrue();
      Optional<ContainerLock> taken = ContainerLock.tryAcquire(second, ct, next);
      assertThat(taken).as("a stale lock is taken over").isPresent();
      assertThat(second.exec(Command.of("cat", ownerFile)).stdout()).contains(next.token()).doesNotContain(old.token());

      // The old owner, back from the dead, cannot renew or release it: it is no longer its own.
      assertThat(held.renew()).isFalse();
      held.close();
      assertThat(second.exec(Command.of("test", "-f", ownerFile)).ok()).as("the new owner's lock survives the old owner's release").isTrue();
      assertThat(ContainerLock.tryAcquire(first, ct, old)).as("and keeps others out").isEmpty();

      taken.get().close();
      assertThat(second.exec(Command.of("test", "-e", ContainerLock.path(ct))).ok()).as("released by its owner").isFalse();
    } finally {
      first.exec(Command.of("rm", "-rf", ContainerLock.path(ct)));
    }
  }
}
