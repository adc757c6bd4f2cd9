package dev.ferry.app.evacuate;

import dev.ferry.app.model.HostFactsCache;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.evacuate.ContainerOutcome;
import dev.ferry.engine.evacuate.EvacuationPlan;
import dev.ferry.engine.evacuate.EvacuationSummary;
import dev.ferry.engine.evacuate.PlannedMove;
import dev.ferry.engine.migration.Phase;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Evacuating one host, from the plan to the summary: the engine's plan shown first, row by row
 * (target, strategy, pre-flight verdict), which the user may change (another target is checked
 * afresh) or leave rows out of; nothing moves before {@link #confirm()}; then each container's
 * progress and, at the end, what moved, what stayed and why, as both hosts were found afterwards.
 */
public final class EvacuationViewModel {
  /** Where the sheet is. */
  public enum Stage { PLANNING, READY, RUNNING, DONE, FAILED }

  private final String source;
  private final EvacuationEngine engine;
  private final TaskExecutor executor;
  private final HostFactsCache facts;
  private final ReadOnlyObjectWrapper<Stage> stage = new ReadOnlyObjectWrapper<>(this, "stage", Stage.PLANNING);
  private final ObservableList<EvacuationRow> rows = FXCollections.observableArrayList();
  private final ObservableList<EvacuationRow> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> targets = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyObjectWrapper<EvacuationSummary> summary = new ReadOnlyObjectWrapper<>(this, "summaryResult");
  private EvacuationPlan plan;
  private boolean applying;

  EvacuationViewModel(String source, EvacuationEngine engine, TaskExecutor executor, HostFactsCache facts) {
    this.source = source;
    this.engine = engine;
    this.executor = executor;
    this.facts = facts;
  }

  public String title() {
    return "Evacuate " + source;
  }

  /** Makes the plan (nothing moves); the rows fill in when it answers. */
  public void makePlan() {
    stage.set(Stage.PLANNING);
    status.set("Planning: listing " + source + "'s containers, reading what the other hosts have free, checking each move…");
    executor.execute(BackgroundTask.of("plan the evacuation of " + source, engine::plan).onSuccess(this::planned).onFailure(e -> {
      stage.set(Stage.FAILED);
      status.set("The plan could not be made: " + e.getMessage() + ". Nothing was moved.");
    }));
  }

  private void planned(EvacuationPlan p) {
    plan = p;
    targets.setAll(p.hosts().stream().map(h -> h.host()).toList());
    applying = true;
    rows.setAll(p.moves().stream().map(this::row).toList());
    applying = false;
    stage.set(Stage.READY);
    sayPlan();
  }

  private EvacuationRow row(PlannedMove m) {
    EvacuationRow r = new EvacuationRow(m);
    r.included().addListener((o, a, b) -> {
      if (!applying) {
        include(r, b);
      }
    });
    r.target().addListener((o, a, b) -> {
      if (!applying && b != null && !b.isEmpty() && !b.equals(a)) {
        retarget(r, b);
      }
    });
    return r;
  }

  private void sayPlan() {
    long moving = plan.willMove();
    status.set(moving + " of " + plan.moves().size() + " containers will move off " + source + " (" + hostsText()
        + "). Change a target or leave one out, then Evacuate. Nothing has moved yet.");
  }

  private String hostsText() {
    return String.join("; ", plan.hosts().stream().map(h -> String.format(java.util.Locale.ROOT, "%s: %d MiB free, load %.2f",
        h.host(), h.availableBytes() >> 20, h.load1())).toList());
  }

  /** Leaves {@code row}'s container out of the evacuation, or puts it back. */
  public void include(EvacuationRow row, boolean in) {
    if (stage.get() != Stage.READY) {
      return;
    }
    plan = plan.exclude(row.container(), !in);
    show(row);
    sayPlan();
  }

  /** Sends {@code row}'s container to {@code target} instead; its pre-flight runs again for that host. */
  public void retarget(EvacuationRow row, String target) {
    if (stage.get() != Stage.READY) {
      return;
    }
    row.progress("checking " + target + "…");
    EvacuationPlan before = plan;
    executor.execute(BackgroundTask.of("check " + row.container() + " for " + target, () -> engine.retarget(before, row.container(), target))
        .onSuccess(p -> {
          plan = merge(p, row.container());
          show(row);
          sayPlan();
        }).onFailure(e -> {
          row.progress("could not check " + target + ": " + e.getMessage());
          show(row);
        }));
  }

  /** Takes only {@code container}'s move from {@code checked}: other rows may have changed meanwhile. */
  private EvacuationPlan merge(EvacuationPlan checked, String container) {
    PlannedMove m = checked.move(container).orElseThrow();
    List<PlannedMove> next = new java.util.ArrayList<>(plan.moves());
    next.replaceAll(x -> x.container().equals(container) ? m : x);
    return new EvacuationPlan(plan.source(), next, plan.hosts());
  }

  private void show(EvacuationRow row) {
    applying = true;
    plan.move(row.container()).ifPresent(row::show);
    applying = false;
  }

  /** Runs the plan as it stands now. */
  public void confirm() {
    if (stage.get() != Stage.READY) {
      return;
    }
    EvacuationPlan toRun = plan;
    stage.set(Stage.RUNNING);
    status.set("Evacuating " + source + ": one container at a time.");
    EvacuationEvents events = new EvacuationEvents(executor.ui(), this);
    executor.execute(BackgroundTask.of("evacuate " + source, () -> engine.run(toRun, events)).onSuccess(s -> {
      summary.set(s);
      summaryText.set(s.describe());
      status.set(s.moved().size() + " moved, " + s.stayed().size() + " stayed.");
      stage.set(Stage.DONE);
      refreshHosts();
    }).onFailure(e -> {
      stage.set(Stage.FAILED);
      status.set("The evacuation stopped: " + e.getMessage());
      refreshHosts();
    }));
  }

  /** Moves no container after the one under way. */
  public void stop() {
    if (stage.get() == Stage.RUNNING) {
      status.set("Stopping after the container under way…");
      executor.execute(BackgroundTask.of("stop the evacuation", () -> {
        engine.stop();
        return true;
      }));
    }
  }

  private void refreshHosts() {
    facts.refreshContainers(source);
    plan.hosts().forEach(h -> facts.refreshContainers(h.host()));
  }

  // Engine events, on the UI thread (through EvacuationEvents).

  void containerStarted(String container) {
    row(container).ifPresent(r -> r.progress("moving to " + r.target().get() + "…"));
  }

  void phase(String container, Phase phase) {
    row(container).ifPresent(r -> r.progress("moving to " + r.target().get() + ": " + phase.label()));
  }

  void containerEnded(ContainerOutcome o) {
    row(o.container()).ifPresent(r -> r.progress(o.moved() ? "moved to " + o.target().orElse("?") : "stayed: " + o.why()));
    facts.refreshContainers(source);
    o.target().ifPresent(facts::refreshContainers);
  }

  private Optional<EvacuationRow> row(String container) {
    return rows.stream().filter(r -> r.container().equals(container)).findFirst();
  }

  public ReadOnlyObjectProperty<Stage> stage() {
    return stage.getReadOnlyProperty();
  }

  public ObservableList<EvacuationRow> rows() {
    return rowsView;
  }

  /** The hosts a container may be sent to. */
  public ObservableList<String> targets() {
    return targets;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  /** What moved, what stayed and why, once it ended. */
  public ReadOnlyStringProperty summaryText() {
    return summaryText.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<EvacuationSummary> summary() {
    return summary.getReadOnlyProperty();
  }

  /** The plan as it stands (null until made). */
  public EvacuationPlan plan() {
    return plan;
  }
}
