package dev.ferry.app.migration;

import dev.ferry.app.migration.MigrationEngine.Checked;
import dev.ferry.app.migration.MigrationEngine.StrategyOption;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One move of one container, from the sheet's opening to the end: the fresh pre-flight and the
 * strategy choice, then the running migration (timeline, throughput, freeze stopwatch, cancel until
 * the freeze), then the outcome in plain words. All state is observable and changed on the UI thread
 * only: engine work goes through the executor, engine events through {@link MigrationEvents}.
 */
final class MigrationViewModel {
  /** Where the sheet is. */
  enum Stage { CHECKING, READY, BLOCKED, CHECK_FAILED, RUNNING, DONE, FAILED }

  /** What the feature hears: a move started (card shows "migrating"), and ended with its saved report. */
  interface Observer {
    void started(InFlight move);

    void ended(InFlight move, MigrationReport report);
  }

  // The container runs again at the end of the restore (or, after a failure, of the roll-back).
  private static final Phase LAST_FROZEN = Phase.RESTORE;

  private final ContainerRef container;
  private final String target;
  private final MigrationEngine engine;
  private final TaskExecutor executor;
  private final ReportStore store;
  private final Observer observer;
  private final InFlight move;

  private final ReadOnlyObjectWrapper<Stage> stage = new ReadOnlyObjectWrapper<>(this, "stage", Stage.CHECKING);
  private final ObservableList<PreflightCheck> checks = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<PreflightCheck> checksView = FXCollections.unmodifiableObservableList(checks);
  private final ObservableList<StrategyOption> strategies = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<StrategyOption> strategiesView = FXCollections.unmodifiableObservableList(strategies);
  private final ObjectProperty<StrategyOption> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyStringWrapper autoChoice = new ReadOnlyStringWrapper(this, "autoChoice", "");
  private final PhaseTimelineModel timeline = new PhaseTimelineModel();
  private final ReadOnlyStringWrapper throughput = new ReadOnlyStringWrapper(this, "throughput", "");
  private final ReadOnlyStringWrapper rounds = new ReadOnlyStringWrapper(this, "rounds", "");
  private final ObservableList<String> notes = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<String> notesView = FXCollections.unmodifiableObservableList(notes);
  private final FreezeStopwatch stopwatch;
  private final ReadOnlyBooleanWrapper frozenOnce = new ReadOnlyBooleanWrapper(this, "frozenOnce");
  private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
  private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
  private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper(this, "explanation", "");
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
  private final ReadOnlyObjectWrapper<MigrationReport> report = new ReadOnlyObjectWrapper<>(this, "report");
  private final javafx.beans.property.StringProperty clientAddress = new javafx.beans.property.SimpleStringProperty(this, "clientAddress", "");
  private final javafx.beans.property.StringProperty clientFrom = new javafx.beans.property.SimpleStringProperty(this, "clientFrom", "");
  private final javafx.beans.property.StringProperty clientNetns = new javafx.beans.property.SimpleStringProperty(this, "clientNetns", "");
  private final ObservableList<String> clientHosts = FXCollections.observableArrayList();
  private final javafx.beans.binding.StringBinding clientProblem;
  private final ReadOnlyStringWrapper clientSaw = new ReadOnlyStringWrapper(this, "clientSaw", "");
  private final BooleanBinding canMigrate;
  private final BooleanBinding canCancelMigration;
  // Written by the background run, read by Cancel on the UI thread.
  private volatile MigrationEngine.Run run;
  private volatile boolean cancelWanted;
  private boolean ended;

  MigrationViewModel(ContainerRef container, String target, MigrationEngine engine, TaskExecutor executor, ReportStore store,
      LongSupplier nanos, Observer observer) {
    this.container = container;
    this.target = target;
    this.engine = engine;
    this.executor = executor;
    this.store = store;
    this.observer = observer;
    this.move = new InFlight(container, target);
    this.stopwatch = new FreezeStopwatch(nanos);
    clientProblem = Bindings.createStringBinding(() -> clientWatch().map(w -> "").orElseGet(() -> {
      try {
        parseWatch();
        return "";
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }), clientAddress, clientFrom, clientNetns);
    canMigrate = Bindings.createBooleanBinding(() -> stage.get() == Stage.READY && selected.get() != null && selected.get().possible()
        && clientProblem.get().isEmpty(), stage, selected, clientProblem);
    canCancelMigration = Bindings.createBooleanBinding(() -> stage.get() == Stage.RUNNING && !frozenOnce.get() && !cancelRequested.get(),
        stage, frozenOnce, cancelRequested);
  }

  String title() {
    return "Move " + container.name() + " from " + container.host() + " to " + target;
  }

  ContainerRef container() {
    return container;
  }

  String target() {
    return target;
  }

  /** The hosts a client watch may run from (every host of the window but the container's own is typical). */
  void clientHosts(java.util.List<String> hosts) {
    clientHosts.setAll(hosts);
    if (clientFrom.get().isEmpty()) {
      clientFrom.set(hosts.stream().filter(h -> !h.equals(container.host()) && !h.equals(target)).findFirst()
          .orElse(hosts.stream().filter(h -> !h.equals(container.host())).findFirst().orElse("")));
    }
  }

  /** What the user typed for a client watch, if anything: empty when not asked for; throws when it cannot be used. */
  private Optional<dev.ferry.engine.clientview.ClientWatch> parseWatch() {
    if (clientAddress.get() == null || clientAddress.get().isBlank()) {
      return Optional.empty();
    }
    if (clientFrom.get() == null || clientFrom.get().isEmpty()) {
      throw new IllegalArgumentException("Choose the host the client runs from.");
    }
    return Optional.of(dev.ferry.engine.clientview.ClientWatch.parse(clientAddress.get(), clientFrom.get(), clientNetns.get()));
  }

  private Optional<dev.ferry.engine.clientview.ClientWatch> clientWatch() {
    try {
      return parseWatch();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The engine measured what a client saw: the longest gap, shown beside the frozen time. */
  void clientGap(dev.ferry.engine.migration.ClientGap gap) {
    clientSaw.set(clientSawText(gap));
  }

  static String clientSawText(dev.ferry.engine.migration.ClientGap gap) {
    if (gap == null) {
      return "";
    }
    if (!gap.measured()) {
      return "client watch from " + gap.fromHost() + ": " + gap.problem();
    }
    return String.format(Locale.ROOT, "a client on %s saw %d ms without an answer from %s:%d (%d of %d connections answered)",
        gap.fromHost(), gap.longestGapMillis(), gap.address(), gap.port(), gap.answered(), gap.attempts());
  }

  /** Runs the fresh pre-flight; the checklist and the strategies fill in when it answers. */
  void check() {
    stage.set(Stage.CHECKING);
    executor.execute(BackgroundTask.of("pre-flight " + container.name() + " to " + target, () -> engine.check(container, target))
        .onSuccess(this::checked)
        .onFailure(e -> {
          stage.set(Stage.CHECK_FAILED);
          headline.set("The pre-flight checks could not run");
          explanation.set(message(e) + "\n\nNothing was changed: " + container.name() + " keeps running on " + container.host() + ".");
        }));
  }

  private void checked(Checked result) {
    checks.setAll(result.checks());
    // Selected first, so the view's options show the selection as they appear.
    selected.set(result.options().isEmpty() ? null : result.options().get(0));
    strategies.setAll(result.options());
    autoChoice.set("auto picks " + result.auto().strategy().label() + ": " + result.auto().reason());
    stage.set(result.blocked() ? Stage.BLOCKED : Stage.READY);
    if (result.blocked()) {
      headline.set("Failed checks block this move; fix them and try again");
    }
  }

  /** Starts the migration with the selected strategy; ignored unless Migrate is enabled. */
  void migrate() {
    if (!canMigrate.get()) {
      return;
    }
    Optional<Strategy> strategy = selected.get().strategy();
    stage.set(Stage.RUNNING);
    timeline.expect(strategy.orElse(null));
    observer.started(move);
    MigrationEvents events = new MigrationEvents(executor.ui(), this);
    Optional<dev.ferry.engine.clientview.ClientWatch> watch = clientWatch();
    watch.ifPresent(w -> notes.add("a client on " + w.fromHost() + (w.netns().isEmpty() ? "" : " (in " + w.netns() + ")") + " connects to "
        + w.address() + ":" + w.port() + " every 20 ms while it moves"));
    executor.execute(BackgroundTask.of("migrate " + container.name() + " to " + target, () -> {
      MigrationEngine.Run prepared = engine.prepare(container, target, strategy, events, watch);
      run = prepared;
      if (cancelWanted) {
        prepared.cancel();
      }
      MigrationReport r = prepared.run();
      store.save(r);
      return r;
    }).onSuccess(r -> {
      finished(r);
      observer.ended(move, r);
    }).onFailure(e -> {
      // Migration.run never throws; reaching here means the report could not be saved or the engine broke.
      stopwatch.stop();
      stage.set(Stage.FAILED);
      headline.set("The migration's report could not be saved or the engine stopped: " + message(e));
      observer.ended(move, report.get());
    }));
  }

  /** Cancel during the migration: honoured until the freeze starts. */
  void cancelMigration() {
    if (canCancelMigration.get()) {
      cancelRequested.set(true);
      notes.add("cancel requested: the migration stops before the freeze");
      cancelWanted = true;
      MigrationEngine.Run r = run;
      if (r != null) {
        r.cancel();
      }
    }
  }

  // Engine events, on the UI thread (through MigrationEvents).

  void phaseStarted(Phase phase) {
    if (phase.frozen()) {
      frozenOnce.set(true);
      stopwatch.start();
    } else if (stopwatch.started()) {
      stopwatch.stop();
    }
    timeline.row(phase).started();
  }

  void phaseFinished(Phase phase, long millis, long bytes) {
    timeline.row(phase).finished(millis, bytes);
    if (phase == LAST_FROZEN || phase == Phase.ROLL_BACK) {
      stopwatch.stop();
    }
    if (bytes > 0) {
      throughput.set(throughputText(phase, millis, bytes));
    }
  }

  void note(String message) {
    notes.add(message);
  }

  /** The engine's report, heard from its listener and again when the background run returns: handled once. */
  void finished(MigrationReport r) {
    if (ended) {
      return;
    }
    ended = true;
    stopwatch.stop();
    report.set(r);
    if (r.clientGap() != null) {
      clientSaw.set(clientSawText(r.clientGap()));
    }
    timeline.end(r.failure() == null ? null : r.failure().phase());
    rounds.set(roundsText(r));
    headline.set(OutcomeWords.headline(r));
    explanation.set(OutcomeWords.explanation(r));
    details.set(r.failure() == null ? "" : r.failure().logExcerpt());
    stage.set(OutcomeWords.moved(r) ? Stage.DONE : Stage.FAILED);
  }

  /** Moves the stopwatch display; the view calls it on each UI pulse. */
  void tick() {
    stopwatch.tick();
  }

  /**
   * Average throughput of one phase: the bytes the engine counted where they flowed in that phase,
   * over the phase's wall time on the engine's clock.
   */
  static String throughputText(Phase phase, long millis, long bytes) {
    double mibPerSecond = millis <= 0 ? 0 : bytes / (1024.0 * 1024) / (millis / 1000.0);
    return String.format(Locale.ROOT, "%s: %.1f MiB/s (%s in %d ms)", phase.label(), mibPerSecond, OutcomeWords.size(bytes), millis);
  }

  static String roundsText(MigrationReport r) {
    if (r.rounds().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("pages per round:");
    for (MigrationReport.Round round : r.rounds()) {
      boolean last = round.number() == r.rounds().size() && r.criuDump() != null;
      b.append(String.format(Locale.ROOT, "%n  %s: %,d written, %,d unchanged (%d ms)", last ? "final dump" : "round " + round.number(),
          round.pagesWritten(), round.pagesSkipped(), round.millis()));
    }
    return b.toString();
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  // Read-only state for the view.

  ReadOnlyObjectProperty<Stage> stageProperty() {
    return stage.getReadOnlyProperty();
  }

  ObservableList<PreflightCheck> checks() {
    return checksView;
  }

  ObservableList<StrategyOption> strategies() {
    return strategiesView;
  }

  /** The strategy the user picked; only a possible one can be migrated with. */
  ObjectProperty<StrategyOption> selectedProperty() {
    return selected;
  }

  ReadOnlyStringProperty autoChoiceProperty() {
    return autoChoice.getReadOnlyProperty();
  }

  ObservableList<PhaseRow> timeline() {
    return timeline.rows();
  }

  /** ADDRESS:PORT of the container's service, for a client watch; empty: none. */
  javafx.beans.property.StringProperty clientAddressProperty() {
    return clientAddress;
  }

  javafx.beans.property.StringProperty clientFromProperty() {
    return clientFrom;
  }

  /** The network namespace on the client's host to run it in; empty: the host's own. */
  javafx.beans.property.StringProperty clientNetnsProperty() {
    return clientNetns;
  }

  ObservableList<String> clientHosts() {
    return clientHosts;
  }

  /** Why the client watch cannot be used as typed; empty when it can (or none is asked for). */
  javafx.beans.binding.StringBinding clientProblemProperty() {
    return clientProblem;
  }

  /** What the client saw, once measured. */
  ReadOnlyStringProperty clientSawProperty() {
    return clientSaw.getReadOnlyProperty();
  }

  ReadOnlyStringProperty throughputProperty() {
    return throughput.getReadOnlyProperty();
  }

  ReadOnlyStringProperty roundsProperty() {
    return rounds.getReadOnlyProperty();
  }

  ObservableList<String> notes() {
    return notesView;
  }

  FreezeStopwatch stopwatch() {
    return stopwatch;
  }

  BooleanBinding canMigrateProperty() {
    return canMigrate;
  }

  BooleanBinding canCancelMigrationProperty() {
    return canCancelMigration;
  }

  ReadOnlyBooleanProperty frozenOnceProperty() {
    return frozenOnce.getReadOnlyProperty();
  }

  ReadOnlyStringProperty headlineProperty() {
    return headline.getReadOnlyProperty();
  }

  ReadOnlyStringProperty explanationProperty() {
    return explanation.getReadOnlyProperty();
  }

  ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<MigrationReport> reportProperty() {
    return report.getReadOnlyProperty();
  }
}
