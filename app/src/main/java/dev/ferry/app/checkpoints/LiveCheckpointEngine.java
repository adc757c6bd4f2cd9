package dev.ferry.app.checkpoints;

import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.Checkpoints;
import dev.ferry.engine.checkpoint.RestoreResult;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.util.EngineThreads;
import java.util.List;

/** The checkpoint calls on the real hosts, through each host's one session. Runs on executor threads only. */
final class LiveCheckpointEngine implements CheckpointEngine {
  private final HostFactsCache facts;
  private final EngineThreads threads;

  LiveCheckpointEngine(HostFactsCache facts, EngineThreads threads) {
    this.facts = facts;
    this.threads = threads;
  }

  private Checkpoints on(String host) {
    return new Checkpoints(facts.session(host), threads.io());
  }

  @Override
  public List<Checkpoint> list(String host) {
    return on(host).list();
  }

  @Override
  public Checkpoint create(String host, String container, String name, boolean leaveRunning) {
    return on(host).create(ContainerName.of(container), name, leaveRunning);
  }

  @Override
  public RestoreResult restore(String host, String container, String name, String onHost) {
    return on(host).restore(ContainerName.of(container), name, facts.session(onHost));
  }

  @Override
  public void delete(String host, String container, String name) {
    on(host).delete(ContainerName.of(container), name);
  }
}
