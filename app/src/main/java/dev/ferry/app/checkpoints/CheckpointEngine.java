package dev.ferry.app.checkpoints;

import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.RestoreResult;
import java.util.List;

/**
 * The engine calls the checkpoints feature makes, each blocking, so the view model runs them through
 * its executor. {@link LiveCheckpointEngine} makes them with the engine's
 * {@link dev.ferry.engine.checkpoint.Checkpoints} over the hosts' sessions; view-model tests give an
 * in-memory one.
 */
interface CheckpointEngine {
  /** Every checkpoint kept on {@code host}. */
  List<Checkpoint> list(String host);

  Checkpoint create(String host, String container, String name, boolean leaveRunning);

  /** Restores a checkpoint kept on {@code host} on {@code onHost} (the same host or another). */
  RestoreResult restore(String host, String container, String name, String onHost);

  void delete(String host, String container, String name);
}
