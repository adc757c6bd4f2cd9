package dev.ferry.app.history;

import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The migration history, read from the same report store the CLI writes, so CLI migrations appear
 * too: the table's rows (newest first), the points of the freeze charts, and the selected report as
 * text. Loading goes through the executor; the store is read again after each migration.
 */
public final class HistoryViewModel {
  /**
   * The number to beat: vzctl 4.7's total suspended time for an idle container, vzmigrate -t averaged
   * over 6 runs (field notes §2).
   */
  public static final long VZMIGRATE_FROZEN_MILLIS = 3377;
  // Bars beyond this many would be too thin to read; the table keeps every migration.
  static final int BARS_SHOWN = 12;

  private final ReportStore store;
  private final TaskExecutor executor;
  private final ZoneId zone;
  private final ObservableList<HistoryRow> rows = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<HistoryRow> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<FrozenPoint> frozen = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<FrozenPoint> frozenView = FXCollections.unmodifiableObservableList(frozen);
  private final ObjectProperty<HistoryRow> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyStringWrapper selectedReport = new ReadOnlyStringWrapper(this, "selectedReport", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

  public HistoryViewModel(ReportStore store, TaskExecutor executor, ZoneId zone) {
    this.store = store;
    this.executor = executor;
    this.zone = zone;
    selected.addListener((obs, was, now) -> selectedReport.set(now == null ? "" : ReportText.of(now.report())));
  }

  /** Reads the store again in the background; the rows and charts change when it answers. */
  public void load() {
    status.set("reading " + store.directory() + "...");
    executor.execute(BackgroundTask.of("read migration history", store::load)
        .onSuccess(this::show)
        .onFailure(e -> status.set("The history could not be read: " + e.getMessage())));
  }

  private void show(ReportStore.Contents contents) {
    List<MigrationReport> reports = contents.reports();
    String keep = selected.get() == null ? null : selected.get().report().id();
    List<HistoryRow> newestFirst = new ArrayList<>();
    List<FrozenPoint> points = new ArrayList<>();
    int n = 0;
    for (MigrationReport r : reports) {
      newestFirst.add(0, HistoryRow.of(r, zone));
      if (!r.dryRun() && r.outcome().name().startsWith("MIGRATED") && r.freeze() != null) {
        points.add(new FrozenPoint(++n, r.container(), r.strategy(), r.freeze()));
      }
    }
    rows.setAll(newestFirst);
    frozen.setAll(points);
    String read = reports.size() + (reports.size() == 1 ? " report" : " reports") + " in " + store.directory()
        + " (the CLI's migrations too)";
    List<ReportStore.Unreadable> bad = contents.unreadable();
    if (!bad.isEmpty()) {
      read += "; " + bad.size() + (bad.size() == 1 ? " file" : " files") + " could not be read and " + (bad.size() == 1 ? "is" : "are")
          + " left as " + (bad.size() == 1 ? "it is" : "they are") + ": " + bad.get(0).file().getFileName()
          + (bad.size() > 1 ? " and " + (bad.size() - 1) + " more" : "") + " (move " + (bad.size() == 1 ? "it" : "them")
          + " away to hide this)";
    }
    status.set(read);
    rows.stream().filter(r -> r.report().id().equals(keep)).findFirst().ifPresent(selected::set);
  }

  public ObservableList<HistoryRow> rows() {
    return rowsView;
  }

  /** Every moved container, oldest first, numbered as on the charts. */
  public ObservableList<FrozenPoint> frozen() {
    return frozenView;
  }

  /** The last {@link #BARS_SHOWN} moves, for the stacked bars. */
  public List<FrozenPoint> recentBars() {
    return frozen.subList(Math.max(0, frozen.size() - BARS_SHOWN), frozen.size());
  }

  public ObjectProperty<HistoryRow> selectedProperty() {
    return selected;
  }

  public ReadOnlyStringProperty selectedReportProperty() {
    return selectedReport.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }
}
