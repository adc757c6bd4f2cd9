package dev.ferry.app.history;

import dev.ferry.app.settings.SetAside;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import java.nio.file.Path;
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
  // Said until the app restarts: a file set aside once is not found again on the next read.
  private final List<String> notices = new ArrayList<>();

  private final java.time.Clock clock;

  public HistoryViewModel(ReportStore store, TaskExecutor executor, ZoneId zone) {
    this(store, executor, zone, java.time.Clock.systemUTC());
  }

  public HistoryViewModel(ReportStore store, TaskExecutor executor, ZoneId zone, java.time.Clock clock) {
    this.clock = clock;
    this.store = store;
    this.executor = executor;
    this.zone = zone;
    selected.addListener((obs, was, now) -> selectedReport.set(now == null ? "" : ReportText.of(now.report())));
  }

  /** Reads the store again in the background; the rows and charts change when it answers. */
  public void load() {
    status.set("reading " + store.directory() + "...");
    executor.execute(BackgroundTask.of("read migration history", this::readAndSetAside)
        .onSuccess(this::show)
        .onFailure(e -> status.set("The history could not be read: " + e.getMessage())));
  }

  /** What was read, and the report files that could not be, each with the name it was set aside as. */
  private record Read(List<MigrationReport> reports, List<String> setAside) {}

  /** Reads the store; a report file that cannot be read is set aside, so the next read is clean and nothing is lost. */
  private Read readAndSetAside() {
    ReportStore.Contents contents = store.load();
    List<String> setAside = new ArrayList<>();
    for (ReportStore.Unreadable u : contents.unreadable()) {
      try {
        setAside.add(u.file().getFileName() + " (" + u.reason() + ") as " + SetAside.file(u.file(), clock).getFileName());
      } catch (RuntimeException e) {
        setAside.add(u.file().getFileName() + " (" + u.reason() + "), which could not be set aside: " + e.getMessage());
      }
    }
    return new Read(contents.reports(), setAside);
  }

  private void show(Read contents) {
    List<MigrationReport> reports = contents.reports();
    String keep = selected.get() == null ? null : selected.get().report().id();
    List<HistoryRow> newestFirst = new ArrayList<>();
    List<FrozenPoint> points = new ArrayList<>();
    int n = 0;
    for (MigrationReport r : reports) {
      newestFirst.add(0, HistoryRow.of(r, zone));
      if (!r.dryRun() && r.outcome().name().startsWith("MIGRATED") && r.freeze() != null) {
        points.add(new FrozenPoint(++n, r.container(), r.strategy(), r.freeze(), HistoryRow.clientGap(r)));
      }
    }
    rows.setAll(newestFirst);
    frozen.setAll(points);
    String read = reports.size() + (reports.size() == 1 ? " report" : " reports") + " in " + store.directory()
        + " (the CLI's migrations too)";
    List<String> bad = contents.setAside();
    if (!bad.isEmpty()) {
      notices.addAll(bad);
    }
    if (!notices.isEmpty()) {
      read += "; " + notices.size() + (notices.size() == 1 ? " report file" : " report files") + " could not be read and "
          + (notices.size() == 1 ? "was" : "were") + " set aside: " + String.join("; ", notices);
    }
    status.set(read);
    rows.stream().filter(r -> r.report().id().equals(keep)).findFirst().ifPresent(selected::set);
  }

  /** The two freeze charts, for export. */
  public enum Chart { BARS, HISTORY }

  static final String BARS_TITLE = "Frozen phases per migration";
  static final String HISTORY_TITLE = "Frozen time per migration, by strategy";

  /** Writes the table as it is now, newest first, as CSV ({@link HistoryCsv}); the status line says where. */
  public void exportCsv(Path file) {
    List<HistoryRow> now = List.copyOf(rows);
    export(file, "the history table (" + now.size() + (now.size() == 1 ? " row)" : " rows)"), () -> HistoryCsv.of(now));
  }

  /** Writes a chart as SVG ({@link ChartSvg}), drawn from the same points as on screen. */
  public void exportSvg(Chart chart, Path file) {
    List<FrozenPoint> bars = List.copyOf(recentBars());
    List<FrozenPoint> all = List.copyOf(frozen);
    export(file, chart == Chart.BARS ? "the frozen phases chart" : "the frozen time chart", () -> chart == Chart.BARS
        ? ChartSvg.bars(BARS_TITLE, bars)
        : ChartSvg.history(HISTORY_TITLE, all, VZMIGRATE_FROZEN_MILLIS, FreezeCharts.REFERENCE_LABEL, FreezeCharts.CLIENT_LABEL));
  }

  /** Writes a chart's picture, taken on the UI thread by the view, as PNG. */
  public void exportPng(dev.ferry.app.main.SceneSnapshot picture, Path file) {
    executor.execute(BackgroundTask.of("export " + file, () -> picture.writePng(file))
        .onSuccess(f -> status.set("Wrote the chart (" + picture.width() + "x" + picture.height() + " px) to " + f))
        .onFailure(e -> status.set("Could not export: " + e.getMessage())));
  }

  private void export(Path file, String what, java.util.concurrent.Callable<String> text) {
    executor.execute(BackgroundTask.of("export " + file, () -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      return java.nio.file.Files.writeString(file, text.call());
    }).onSuccess(f -> status.set("Wrote " + what + " to " + f)).onFailure(e -> status.set("Could not export " + what + ": " + e.getMessage())));
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
