package dev.ferry.app.migration;

import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.util.EngineThreads;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;

/**
 * The migration feature as the main window sees it: verdicts for dragged cards, the sheet that a drop
 * opens, the migrations in flight, and the history view. Wires the feature's view models to the
 * engine; the main window only calls this class.
 */
public final class MigrationFeature implements MigrationPort {
  private final HostFactsCache facts;
  private final TaskExecutor executor;
  private final EngineThreads threads;
  private final ReportStore store;
  private final ObservableList<InFlight> inFlight = FXCollections.observableArrayList();
  private final StackPane history = new StackPane();
  private Window owner;

  public MigrationFeature(HostFactsCache facts, TaskExecutor executor, EngineThreads threads, ReportStore store) {
    this.facts = Objects.requireNonNull(facts);
    this.executor = Objects.requireNonNull(executor);
    this.threads = Objects.requireNonNull(threads);
    this.store = Objects.requireNonNull(store);
  }

  @Override
  public DropVerdict verdict(ContainerRef container, String targetHost) {
    if (container.host().equals(targetHost)) {
      return DropVerdict.refuse("same host");
    }
    return facts.connected(targetHost) ? DropVerdict.accept("can take " + container.name()) : DropVerdict.refuse("disconnected");
  }

  @Override
  public void requestMove(ContainerRef container, String targetHost) {
    // Filled in by the migration sheet.
  }

  @Override
  public ObservableList<InFlight> inFlight() {
    return inFlight;
  }

  /** The freeze-time charts and the history table, for the main window to place. */
  public Node historyView() {
    return history;
  }

  /** The window that owns the migration sheet and notifications. */
  public void setOwner(Window owner) {
    this.owner = owner;
  }
}
