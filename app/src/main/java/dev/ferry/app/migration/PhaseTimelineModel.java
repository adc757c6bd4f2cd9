package dev.ferry.app.migration;

import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The rows of a migration's timeline: the phases expected for its strategy, listed before they run so
 * the timeline fills as they do; a phase that was not expected (a fallback) is inserted in the
 * engine's order, and at the end what never ran is marked skipped.
 */
final class PhaseTimelineModel {
  // The phases every migration runs, in the engine's order; strategy-specific ones are added by strategy. The copy of
  // the disk's last changes is a phase of its own only where the data is relayed (else it runs alongside the dump).
  private static final Phase[] COMMON = {Phase.PREFLIGHT, Phase.LOCK, Phase.PREPARE, Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP,
      Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.RELEASE, Phase.CLEANUP};

  private final ObservableList<PhaseRow> rows = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<PhaseRow> rowsView = FXCollections.unmodifiableObservableList(rows);

  /** {@code strategy} empty for auto, which may pick post-copy: its row is skipped at the end if it did not run. */
  void expect(Strategy strategy) {
    List<PhaseRow> expected = new ArrayList<>();
    for (Phase p : COMMON) {
      expected.add(new PhaseRow(p));
    }
    if (strategy == Strategy.PRE_COPY) {
      insert(expected, Phase.PRE_DUMP);
    }
    if (strategy == null || strategy == Strategy.POST_COPY) {
      insert(expected, Phase.LAZY_PAGES);
    }
    rows.setAll(expected);
  }

  /** The row a phase event is about: its not-yet-done row, or a new one in the engine's order. */
  PhaseRow row(Phase p) {
    return rows.stream().filter(r -> r.phase() == p && r.state() != PhaseRow.State.DONE).findFirst().orElseGet(() -> {
      List<PhaseRow> copy = new ArrayList<>(rows);
      PhaseRow r = insert(copy, p);
      rows.setAll(copy);
      return r;
    });
  }

  /** The migration ended: a running phase failed, waiting ones never ran, and the failed phase (if any) is marked. */
  void end(Phase failed) {
    for (PhaseRow row : rows) {
      if (row.state() == PhaseRow.State.RUNNING) {
        row.ended(PhaseRow.State.FAILED);
      } else if (row.state() == PhaseRow.State.WAITING) {
        row.ended(failed == row.phase() ? PhaseRow.State.FAILED : PhaseRow.State.SKIPPED);
      }
    }
  }

  ObservableList<PhaseRow> rows() {
    return rowsView;
  }

  private static PhaseRow insert(List<PhaseRow> list, Phase p) {
    int at = 0;
    while (at < list.size() && list.get(at).phase().ordinal() < p.ordinal()) {
      at++;
    }
    PhaseRow row = new PhaseRow(p);
    list.add(at, row);
    return row;
  }
}
