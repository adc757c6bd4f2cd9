package dev.ferry.app.migration;

import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import java.util.List;
import java.util.Optional;

/**
 * The engine calls the migration sheet makes, each blocking, so a view model runs them through its
 * executor. {@link LiveMigrationEngine} makes them over the hosts' SSH sessions; view-model tests give
 * a scripted one that plays engine events.
 */
interface MigrationEngine {
  /** The fresh pre-flight for moving {@code container} to {@code target}: checks, auto's choice, every strategy's verdict. */
  Checked check(ContainerRef container, String target);

  /** A migration ready to run; {@code listener} hears its events on engine threads. */
  Run prepare(ContainerRef container, String target, Optional<Strategy> strategy, MigrationListener listener);

  /** The same, watched by a client of the container's service when {@code watch} is given (what the client saw). */
  default Run prepare(ContainerRef container, String target, Optional<Strategy> strategy, MigrationListener listener,
      Optional<dev.ferry.engine.clientview.ClientWatch> watch) {
    return prepare(container, target, strategy, listener);
  }

  /** What the fresh pre-flight found. */
  record Checked(List<PreflightCheck> checks, StrategyChoice auto, List<StrategyOption> options) {
    boolean blocked() {
      return checks.stream().anyMatch(c -> c.status() == PreflightCheck.Status.FAIL);
    }
  }

  /**
   * One strategy as the sheet offers it: auto ({@code strategy} empty) or a named one, whether the two
   * hosts can do it, and why (auto's reason, or what is missing).
   */
  record StrategyOption(Optional<Strategy> strategy, boolean possible, String why) {
    String label() {
      return strategy.map(Strategy::label).orElse("auto");
    }
  }

  /** A prepared migration: {@link #run()} blocks until it ends; {@link #cancel()} is honoured up to the freeze. */
  interface Run {
    String id();

    MigrationReport run();

    void cancel();
  }
}
