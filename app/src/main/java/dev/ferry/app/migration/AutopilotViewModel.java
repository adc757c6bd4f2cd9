package dev.ferry.app.migration;

import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Autopilot, for demos: one container moved back and forth between its host and another every
 * {@link #intervalSeconds()} seconds (counted from the end of one move to the start of the next) until
 * stopped, or after {@link #roundTrips()} round trips when that is not 0. A stop request lets the move
 * under way finish. The first failed move stops it and says why, and where the container runs (the
 * migration keeps it on exactly one host). Each move is an ordinary migration: its report is saved
 * and the history grows. The waiting is the executor's timer, never a sleep.
 */
final class AutopilotViewModel {
  /** Where the autopilot is. */
  enum Stage { IDLE, MOVING, WAITING, STOPPED, FAILED }

  /** One move as the autopilot's chart shows it. */
  record Trip(int number, String from, String to, long frozenMillis, String strategy) {}

  /** How often the timer looks whether the next move is due: the interval is honoured to within this. */
  static final Duration CLOCK = Duration.ofMillis(250);
  static final int DEFAULT_INTERVAL_SECONDS = 10;

  private final ContainerRef start;
  private final List<String> hosts;
  private final MigrationEngine engine;
  private final TaskExecutor executor;
  private final ReportStore store;
  private final MigrationViewModel.Observer observer;
  private final Supplier<Instant> clock;
  private final StringProperty otherHost = new SimpleStringProperty(this, "otherHost");
  private final IntegerProperty intervalSeconds = new SimpleIntegerProperty(this, "intervalSeconds", DEFAULT_INTERVAL_SECONDS);
  private final IntegerProperty roundTrips = new SimpleIntegerProperty(this, "roundTrips", 0);
  private final ReadOnlyObjectWrapper<Stage> stage = new ReadOnlyObjectWrapper<>(this, "stage", Stage.IDLE);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyIntegerWrapper moves = new ReadOnlyIntegerWrapper(this, "moves");
  private final ObservableList<Trip> trips = FXCollections.observableArrayList();
  private final ObservableList<Trip> tripsView = FXCollections.unmodifiableObservableList(trips);
  private ContainerRef where;
  private String home;
  private Instant nextAt;
  private boolean stopWanted;
  private TaskExecutor.Cancellable timer;

  AutopilotViewModel(ContainerRef container, List<String> otherHosts, MigrationEngine engine, TaskExecutor executor, ReportStore store,
      MigrationViewModel.Observer observer, Supplier<Instant> clock) {
    this.start = container;
    this.hosts = List.copyOf(otherHosts);
    this.engine = engine;
    this.executor = executor;
    this.store = store;
    this.observer = observer;
    this.clock = clock;
    this.where = container;
    if (!hosts.isEmpty()) {
      otherHost.set(hosts.get(0));
    }
    status.set("Pick the other host and the interval, then Start.");
  }

  String title() {
    return "Autopilot: " + start.name();
  }

  /** Starts moving at once; ignored unless idle or ended, and with another host chosen. */
  void start() {
    if (stage.get() == Stage.MOVING || stage.get() == Stage.WAITING || otherHost.get() == null || otherHost.get().equals(start.host())) {
      return;
    }
    home = where.host();
    stopWanted = false;
    timer = executor.schedulePeriodically(BackgroundTask.of("autopilot clock", clock::get).onSuccess(this::tick), CLOCK);
    move();
  }

  /** Asks it to stop: at once while waiting, after the move under way otherwise. */
  void stop() {
    stopWanted = true;
    if (stage.get() == Stage.WAITING) {
      end(Stage.STOPPED, "Stopped after " + tripsText() + "; " + where.name() + " runs on " + where.host() + ".");
    } else if (stage.get() == Stage.MOVING) {
      status.set("Stopping after this move…");
    }
  }

  private void tick(Instant now) {
    if (stage.get() == Stage.WAITING && nextAt != null && !now.isBefore(nextAt)) {
      move();
    }
  }

  private String other() {
    return where.host().equals(home) ? otherHost.get() : home;
  }

  private void move() {
    ContainerRef from = where;
    String to = other();
    InFlight flight = new InFlight(from, to);
    stage.set(Stage.MOVING);
    status.set("Move " + (moves.get() + 1) + ": " + from.name() + " from " + from.host() + " to " + to + "…");
    observer.started(flight);
    executor.execute(BackgroundTask.of("autopilot: " + from.name() + " to " + to, () -> {
      MigrationReport r = engine.prepare(from, to, java.util.Optional.empty(), new MigrationListener() { }).run();
      store.save(r);
      return r;
    }).onSuccess(r -> moved(flight, r)).onFailure(e -> {
      observer.ended(flight, null);
      end(Stage.FAILED, "Stopped: the move's report could not be saved or the engine stopped: " + e.getMessage());
    }));
  }

  private void moved(InFlight flight, MigrationReport r) {
    observer.ended(flight, r);
    if (!OutcomeWords.moved(r)) {
      end(Stage.FAILED, "Stopped at move " + (moves.get() + 1) + ": " + OutcomeWords.headline(r) + ". " + OutcomeWords.whereNow(r));
      return;
    }
    moves.set(moves.get() + 1);
    trips.add(new Trip(moves.get(), flight.container().host(), flight.destination(), r.freeze() == null ? 0 : r.freeze().totalFrozenMillis(),
        r.strategy().label()));
    where = new ContainerRef(flight.destination(), flight.container().name(), flight.container().runtime());
    if (roundTrips.get() > 0 && moves.get() >= 2 * roundTrips.get()) {
      end(Stage.STOPPED, "Done: " + tripsText() + "; " + where.name() + " runs on " + where.host() + ".");
    } else if (stopWanted) {
      end(Stage.STOPPED, "Stopped after " + tripsText() + "; " + where.name() + " runs on " + where.host() + ".");
    } else {
      nextAt = clock.get().plusSeconds(Math.max(0, intervalSeconds.get()));
      stage.set(Stage.WAITING);
      status.set(String.format(java.util.Locale.ROOT, "%s; last frozen %d ms; next move in %d s.", tripsText(),
          trips.get(trips.size() - 1).frozenMillis(), intervalSeconds.get()));
    }
  }

  private String tripsText() {
    int n = moves.get();
    return n + (n == 1 ? " move" : " moves") + " (" + n / 2 + (n / 2 == 1 ? " round trip" : " round trips") + ")";
  }

  private void end(Stage how, String why) {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    stage.set(how);
    status.set(why);
  }

  /** Closing the window stops it. */
  void close() {
    stop();
  }

  List<String> hosts() {
    return hosts;
  }

  ContainerRef container() {
    return start;
  }

  StringProperty otherHost() {
    return otherHost;
  }

  IntegerProperty intervalSeconds() {
    return intervalSeconds;
  }

  /** Round trips to make before stopping by itself; 0: until stopped. */
  IntegerProperty roundTrips() {
    return roundTrips;
  }

  ReadOnlyObjectProperty<Stage> stage() {
    return stage.getReadOnlyProperty();
  }

  ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  ReadOnlyIntegerProperty moves() {
    return moves.getReadOnlyProperty();
  }

  ObservableList<Trip> trips() {
    return tripsView;
  }
}
