package dev.ferry.app.hosts;

import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;

/**
 * What the hosts feature needs from the checkpoints feature: the card menu's "Checkpoint now…" and
 * "Checkpoints", and the restore a checkpoint dropped on a pane asks for. Implemented by the
 * checkpoints feature; the hosts feature depends only on this interface.
 */
public interface CheckpointPort {
  /** Opens the "Checkpoint now…" dialog for {@code container}. */
  void checkpointNow(ContainerRef container);

  /** Shows the checkpoints list of {@code container}'s host, narrowed to that container. */
  void showCheckpoints(ContainerRef container);

  /** A checkpoint was dropped on {@code targetHost}'s pane, which takes it: restore it there. */
  void restore(CheckpointRef checkpoint, String targetHost);
}
