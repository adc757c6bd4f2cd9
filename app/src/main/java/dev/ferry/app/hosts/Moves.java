package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import java.util.List;

/** What a pane asks of the window about moving cards: verdicts for every other host, drags in progress, moves. */
public interface Moves {
  DropVerdict verdict(ContainerRef container, String targetHost);

  List<ContainerCardViewModel.MoveTarget> targetsFor(ContainerRef container);

  void requestMove(ContainerRef container, String targetHost);

  /** A card started being dragged: every pane shows at once whether it would take it. */
  void dragStarted(ContainerRef container);

  void dragEnded();

  /** Whether {@code targetHost} would take {@code checkpoint} for a restore, with the reason: the migration's verdicts. */
  default DropVerdict restoreVerdict(CheckpointRef checkpoint, String targetHost) {
    return DropVerdict.refuse("checkpoints are not available");
  }

  default void requestRestore(CheckpointRef checkpoint, String targetHost) {}

  /** A checkpoint started being dragged: every pane shows whether it would restore it. */
  default void checkpointDragStarted(CheckpointRef checkpoint) {}

  default void checkpointNow(ContainerRef container) {}

  default void showCheckpoints(ContainerRef container) {}

  /** A card's "Autopilot…". */
  default void autopilot(ContainerRef container) {}

  /** A pane's "Evacuate…": move every container off {@code host}, plan first. */
  default void evacuate(String host) {}
}
