package dev.ferry.app.migration;

import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import javafx.collections.ObservableList;

/**
 * What the hosts feature needs from the migration feature: an instant verdict for a card dragged
 * over a pane, a way to ask for a move (drop or "Move to ▸"), and which containers are in flight so
 * cards can show "migrating" on both panes. Implemented in this package; the hosts feature depends
 * only on this interface.
 */
public interface MigrationPort {
  /** From cached facts only: no SSH round trip. */
  DropVerdict verdict(ContainerRef container, String targetHost);

  /**
   * From cached facts only: whether {@code targetHost} would take a restore of {@code checkpoint},
   * judged by the same rules as a migration (the checkpoint's host as the source).
   */
  default DropVerdict restoreVerdict(CheckpointRef checkpoint, String targetHost) {
    return DropVerdict.refuse("restores are not available");
  }

  /** The card menu's "Autopilot…": back and forth between its host and another until stopped. */
  default void autopilot(ContainerRef container) {}

  /** The user dropped the card on {@code targetHost} or chose it in "Move to ▸": opens the sheet. */
  void requestMove(ContainerRef container, String targetHost);

  /** Migrations running now; observed on the UI thread. */
  ObservableList<InFlight> inFlight();

  /** Whether a pane accepts a dragged card, and if not, the reason shown on the pane. */
  record DropVerdict(boolean accepted, String reason) {
    public static DropVerdict accept(String why) {
      return new DropVerdict(true, why);
    }

    public static DropVerdict refuse(String why) {
      return new DropVerdict(false, why);
    }
  }

  /** A container on its way: the card shows "migrating" on the source and a ghost on the destination. */
  record InFlight(ContainerRef container, String destination) {}
}
