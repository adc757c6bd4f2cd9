package dev.ferry.app.migration;

import dev.ferry.app.history.HistoryView;
import dev.ferry.app.history.HistoryViewModel;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.util.EngineThreads;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.stage.Window;

/**
 * The migration feature as the main window sees it: verdicts for dragged cards (from cached facts,
 * through the engine's own rules), the sheet a drop or "Move to" opens, the migrations in flight, and
 * the history with its freeze charts. Wires the view models to the engine; the main window only calls
 * this class.
 */
public final class MigrationFeature implements MigrationPort {
  private final HostFactsCache facts;
  private final TaskExecutor executor;
  private final ReportStore store;
  private final LiveMigrationEngine engine;
  private final ObservableList<InFlight> inFlight = FXCollections.observableArrayList();
  private final HistoryViewModel history;
  private HistoryView historyView;
  private Window owner;
  private final List<Consumer<MigrationReport>> endListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ObservableList<MigrationSheetHandle> sheets = FXCollections.observableArrayList();
  private final LiveFreeze liveFreeze = new LiveFreeze();

  public MigrationFeature(HostFactsCache facts, TaskExecutor executor, EngineThreads threads, ReportStore store) {
    this.facts = Objects.requireNonNull(facts);
    this.executor = Objects.requireNonNull(executor);
    this.store = Objects.requireNonNull(store);
    this.engine = new LiveMigrationEngine(facts, Objects.requireNonNull(threads));
    this.history = new HistoryViewModel(store, executor, ZoneId.systemDefault());
  }

  @Override
  public DropVerdict verdict(ContainerRef container, String targetHost) {
    return DropVerdicts.verdict(facts, inFlight, container, targetHost);
  }

  @Override
  public DropVerdict restoreVerdict(dev.ferry.app.model.CheckpointRef checkpoint, String targetHost) {
    return DropVerdicts.restoreVerdict(facts, inFlight, checkpoint, targetHost);
  }

  /** Every other pane's verdict for a card whose drag just started, in pane order. */
  public List<DropVerdict> verdictsForAllPanes(ContainerRef container) {
    return facts.hosts().stream().map(h -> verdict(container, h)).toList();
  }

  @Override
  public void requestMove(ContainerRef container, String targetHost) {
    DropVerdict v = verdict(container, targetHost);
    if (!v.accepted() && (v.reason().equals("same host") || v.reason().endsWith("already moving"))) {
      // Nothing to check: the move makes no sense. Other refusals still open the sheet, whose fresh checks say more.
      return;
    }
    MigrationViewModel[] self = {null};
    MigrationViewModel vm = new MigrationViewModel(container, targetHost, engine, executor, store, System::nanoTime,
        new MigrationViewModel.Observer() {
          @Override
          public void started(InFlight move) {
            track(move);
            liveFreeze.follow(self[0], container.name(), self[0].stopwatch());
          }

          @Override
          public void ended(InFlight move, MigrationReport report) {
            liveFreeze.ended(self[0]);
            untrack(move, report);
            if (report != null) {
              MigrationNotifications.show(report, owner);
            }
          }
        });
    self[0] = vm;
    vm.clientHosts(facts.hosts());
    MigrationSheet sheet = new MigrationSheet(vm, owner);
    MigrationSheetHandle handle = new MigrationSheetHandle(vm, sheet);
    sheets.add(handle);
    sheet.stage().setOnHidden(e -> sheets.remove(handle));
    sheet.show();
    vm.check();
  }

  private void track(InFlight move) {
    inFlight.add(move);
  }

  /** A move ended: its cards, both hosts' listings and the history follow, and end listeners hear its report. */
  private void untrack(InFlight move, MigrationReport report) {
    inFlight.remove(move);
    facts.refreshContainers(move.container().host());
    facts.refreshContainers(move.destination());
    history.load();
    if (report != null) {
      endListeners.forEach(l -> l.accept(report));
    }
  }

  /**
   * Opens the autopilot for {@code container}: back and forth between its host and another, each move
   * an ordinary migration in the history (no notification per move: the window says how it goes).
   */
  @Override
  public void autopilot(ContainerRef container) {
    List<String> others = facts.hosts().stream().filter(h -> !h.equals(container.host())).toList();
    AutopilotViewModel vm = new AutopilotViewModel(container, others, engine, executor, store, new MigrationViewModel.Observer() {
      @Override
      public void started(InFlight move) {
        track(move);
      }

      @Override
      public void ended(InFlight move, MigrationReport report) {
        untrack(move, report);
      }
    }, java.time.Instant::now);
    new AutopilotWindow(vm, owner).show();
  }

  @Override
  public ObservableList<InFlight> inFlight() {
    return inFlight;
  }

  /** The freeze-time charts and the history table, for the main window to place; reads the store once shown. Exports ask {@code saveAs} where. */
  public Node historyView(dev.ferry.app.main.SaveAsQuestion saveAs) {
    if (historyView == null) {
      historyView = new HistoryView(history, saveAs);
      history.load();
    }
    return historyView.node();
  }

  /** The freeze stopwatch of the migration running now, for displays outside its sheet. */
  public LiveFreeze liveFreeze() {
    return liveFreeze;
  }

  /**
   * Presentation mode's big freeze stopwatch, for the middle of the main window: shown while
   * {@code when} holds and a migration runs.
   */
  public Node presentationStopwatch(javafx.beans.value.ObservableBooleanValue when) {
    return new PresentationStopwatch(liveFreeze, when).node();
  }

  /** The window that owns the migration sheets and notifications. */
  public void setOwner(Window owner) {
    this.owner = owner;
    // So tools and end-to-end tests holding only the window can reach the feature (to listen to its migrations).
    owner.getProperties().put(MigrationFeature.class, this);
  }

  /** The feature whose sheets {@code window} owns, if any. */
  public static java.util.Optional<MigrationFeature> of(Window window) {
    return java.util.Optional.ofNullable((MigrationFeature) window.getProperties().get(MigrationFeature.class));
  }

  /** Also told of every migration this feature starts, on engine threads (tests use it to inject faults at a phase). */
  public void addEngineListener(MigrationListener listener) {
    engine.addListener(listener);
  }

  /** Told, on the UI thread, of each migration's saved report once it ended and was announced. */
  public void addEndListener(Consumer<MigrationReport> listener) {
    endListeners.add(Objects.requireNonNull(listener));
  }

  /** Reports were saved outside this feature (an evacuation's migrations): the history reads the store again. */
  public void historyChanged() {
    history.load();
  }

  HistoryViewModel historyModel() {
    return history;
  }

  /** An open sheet and its view model. */
  record MigrationSheetHandle(MigrationViewModel vm, MigrationSheet sheet) {}
}
