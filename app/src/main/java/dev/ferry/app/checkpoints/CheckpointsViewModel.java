package dev.ferry.app.checkpoints;

import dev.ferry.app.hosts.ContainerCardViewModel.MoveTarget;
import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.CheckpointException;
import dev.ferry.engine.checkpoint.RestoreResult;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The checkpoints list: one host's checkpoints (all, or one container's), with time, size and whether
 * the container was left running; and the commands on them: take one, restore it here or on another
 * host (with the same verdicts a migration's targets get), delete it. State changes on the UI thread;
 * engine calls go through the executor. {@link #ALL} is the container filter that shows every one.
 */
public final class CheckpointsViewModel {
  public static final String ALL = "all containers";

  private final CheckpointEngine engine;
  private final TaskExecutor executor;
  private final HostFactsCache facts;
  private final BiFunction<CheckpointRef, String, DropVerdict> verdicts;
  private final ZoneId zone;
  private final StringProperty host = new SimpleStringProperty(this, "host");
  private final StringProperty container = new SimpleStringProperty(this, "container", ALL);
  private final List<CheckpointRow> all = new ArrayList<>();
  private final ObservableList<CheckpointRow> rows = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<CheckpointRow> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> containers = FXCollections.observableArrayList(ALL);
  private final ObjectProperty<CheckpointRow> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ObservableList<String> hostChoices = FXCollections.observableArrayList();
  private final javafx.beans.property.ReadOnlyIntegerWrapper showRequests = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "showRequests");
  private final dev.ferry.app.hosts.Moves drags;

  CheckpointsViewModel(CheckpointEngine engine, TaskExecutor executor, HostFactsCache facts, dev.ferry.app.hosts.Moves drags,
      ZoneId zone) {
    this.engine = engine;
    this.drags = drags;
    this.verdicts = drags::restoreVerdict;
    this.executor = executor;
    this.facts = facts;
    this.zone = zone;
    host.addListener((o, a, b) -> refresh());
    container.addListener((o, a, b) -> filter());
  }

  /** Which host's checkpoints are listed; changing it lists them afresh. */
  public StringProperty host() {
    return host;
  }

  /** Which container's checkpoints are listed, or {@link #ALL}. */
  public StringProperty container() {
    return container;
  }

  /** The hosts to choose from, in pane order. */
  public ObservableList<String> hosts() {
    return hostChoices;
  }

  /** The window's hosts changed: the choices follow, and the first host is listed when none was chosen. */
  void hostsChanged() {
    hostChoices.setAll(facts.hosts());
    if ((host.get() == null || !hostChoices.contains(host.get())) && !hostChoices.isEmpty()) {
      host.set(hostChoices.get(0));
    }
  }

  /** Asks the view to bring the list forward; counts up once per request. */
  public javafx.beans.property.ReadOnlyIntegerProperty showRequests() {
    return showRequests.getReadOnlyProperty();
  }

  /** A row started being dragged: every pane says whether it would restore it. */
  public void dragStarted(CheckpointRow row) {
    drags.checkpointDragStarted(row.ref());
  }

  public void dragEnded() {
    drags.dragEnded();
  }

  /** Lists the chosen host's checkpoints again, in the background. */
  public void refresh() {
    list(null);
  }

  /** Lists again; {@code thenSay}, when given, is the status once listed (what was just done) instead of the count. */
  private void list(String thenSay) {
    String h = host.get();
    if (h == null || h.isEmpty()) {
      return;
    }
    status.set(thenSay != null ? thenSay : "listing the checkpoints on " + h + "…");
    executor.execute(BackgroundTask.of("checkpoints on " + h, () -> engine.list(h)).onSuccess(list -> {
      if (!h.equals(host.get())) {
        return;
      }
      all.clear();
      list.forEach(c -> all.add(CheckpointRow.of(c, h, zone)));
      List<String> names = new ArrayList<>(List.of(ALL));
      all.stream().map(CheckpointRow::container).distinct().sorted().forEach(names::add);
      if (!ALL.equals(container.get()) && !names.contains(container.get())) {
        names.add(container.get());
      }
      // A choice box over this list may clear its value while the list is replaced: the filter is kept.
      String keep = container.get();
      containers.setAll(names);
      container.set(keep == null ? ALL : keep);
      filter();
      status.set(thenSay != null ? thenSay : list.size() + (list.size() == 1 ? " checkpoint" : " checkpoints") + " on " + h);
    }).onFailure(e -> status.set("Cannot list the checkpoints on " + h + ": " + message(e))));
  }

  /** Shows {@code ct}'s host, narrowed to {@code ct}. */
  public void show(ContainerRef ct) {
    showRequests.set(showRequests.get() + 1);
    container.set(ct.name());
    if (ct.host().equals(host.get())) {
      refresh();
    } else {
      host.set(ct.host());
    }
  }

  private void filter() {
    String c = container.get() == null ? ALL : container.get();
    rows.setAll(all.stream().filter(r -> ALL.equals(c) || r.container().equals(c)).toList());
  }

  /**
   * Why {@code name} cannot be the name of a new checkpoint of {@code ct}, as the user types it; empty
   * when it can. The engine's own rule for names, and no clash with a checkpoint already listed.
   */
  public Optional<String> nameProblem(ContainerRef ct, String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("Name the checkpoint, for example before-upgrade.");
    }
    try {
      dev.ferry.engine.checkpoint.CheckpointName.of(name);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (ct.host().equals(host.get()) && all.stream().anyMatch(r -> r.container().equals(ct.name()) && r.name().equals(name))) {
      return Optional.of("A checkpoint named '" + name + "' of " + ct.name() + " already exists on " + ct.host() + ".");
    }
    return Optional.empty();
  }

  /** Checkpoints {@code ct} as {@code name}, stopping it or leaving it running; the list shows it when done. */
  public void checkpoint(ContainerRef ct, String name, boolean leaveRunning) {
    if (nameProblem(ct, name).isPresent() || busy.get()) {
      return;
    }
    run("checkpointing " + ct.name() + " on " + ct.host() + " as " + name + "…",
        () -> engine.create(ct.host(), ct.name(), name, leaveRunning),
        (Checkpoint c) -> String.format(Locale.ROOT, "Checkpoint %s of %s taken on %s: %s in %.1f s%s", c.name(), c.container(), ct.host(),
            dev.ferry.app.hosts.Formats.bytes(c.sizeBytes()), c.timings().totalMillis() / 1000.0,
            leaveRunning ? ", left running" : "; " + c.container() + " is stopped"),
        ct.host(), ct.host());
  }

  /** Where the selected checkpoint could be restored, every host with its verdict ("restore here" for its own host). */
  public List<MoveTarget> targets(CheckpointRow row) {
    return facts.hosts().stream().map(h -> new MoveTarget(h, verdicts.apply(row.ref(), h))).toList();
  }

  /** Restores {@code row} on {@code target}, if the verdict allows it. */
  public void restore(CheckpointRow row, String target) {
    restore(row.ref(), target);
  }

  public void restore(CheckpointRef cp, String target) {
    DropVerdict v = verdicts.apply(cp, target);
    if (!v.accepted()) {
      status.set("Cannot restore " + cp.label() + " on " + target + ": " + v.reason());
      return;
    }
    if (busy.get()) {
      status.set("Another checkpoint operation is running; wait for it to end.");
      return;
    }
    run("restoring " + cp.label() + " from " + cp.host() + " on " + target + "…",
        () -> engine.restore(cp.host(), cp.container(), cp.name(), target),
        (RestoreResult r) -> String.format(Locale.ROOT, "Restored %s on %s in %.1f s%s", cp.label(), target, r.totalMillis() / 1000.0,
            r.copyBytes() > 0 ? String.format(Locale.ROOT, " (%s copied from %s)", dev.ferry.app.hosts.Formats.bytes(r.copyBytes()), cp.host()) : ""),
        cp.host(), target);
  }

  /** Deletes {@code row}'s checkpoint; the view has asked for confirmation first. */
  public void delete(CheckpointRow row) {
    if (busy.get()) {
      return;
    }
    CheckpointRef cp = row.ref();
    run("deleting " + cp.label() + " on " + cp.host() + "…", () -> {
      engine.delete(cp.host(), cp.container(), cp.name());
      return cp;
    }, (CheckpointRef c) -> "Deleted the checkpoint " + c.label() + " on " + c.host(), cp.host(), cp.host());
  }

  private <T> void run(String doing, java.util.concurrent.Callable<T> work, java.util.function.Function<T, String> done, String listHost,
      String changedHost) {
    busy.set(true);
    status.set(doing);
    executor.execute(BackgroundTask.of(doing, work).onSuccess(v -> {
      busy.set(false);
      String said = done.apply(v);
      status.set(said);
      facts.refreshContainers(changedHost);
      facts.refreshContainers(listHost);
      if (listHost.equals(host.get())) {
        list(said);
      }
    }).onFailure(e -> {
      busy.set(false);
      status.set(message(e));
      facts.refreshContainers(changedHost);
    }));
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    if (t instanceof CheckpointException ce) {
      return ce.getMessage() + (ce.advice() == null || ce.advice().isBlank() ? "" : " " + ce.advice());
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  public ObservableList<CheckpointRow> rows() {
    return rowsView;
  }

  /** {@link #ALL} and the containers that have checkpoints on the host. */
  public ObservableList<String> containers() {
    return containers;
  }

  public ObjectProperty<CheckpointRow> selected() {
    return selected;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busy() {
    return busy.getReadOnlyProperty();
  }
}
