package dev.ferry.app.migration;

import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine boundary for view-model tests: a canned pre-flight answer, and a migration that plays a
 * script of engine events on the listener, as the engine's threads would, then returns its report.
 */
final class ScriptedEngine implements MigrationEngine {
  private final Checked checked;
  private final RuntimeException checkFailure;
  private Function<MigrationListener, MigrationReport> script = l -> {
    throw new AssertionError("no migration scripted");
  };
  final List<Optional<Strategy>> started = new ArrayList<>();
  int cancels;

  ScriptedEngine(Checked checked) {
    this.checked = checked;
    this.checkFailure = null;
  }

  ScriptedEngine(RuntimeException checkFailure) {
    this.checked = null;
    this.checkFailure = checkFailure;
  }

  /** {@code script} gets the listener, plays events (and may assert between them), and returns the report. */
  ScriptedEngine onMigrate(Function<MigrationListener, MigrationReport> script) {
    this.script = script;
    return this;
  }

  @Override
  public Checked check(ContainerRef container, String target) {
    if (checkFailure != null) {
      throw checkFailure;
    }
    return checked;
  }

  @Override
  public Run prepare(ContainerRef container, String target, Optional<Strategy> strategy, MigrationListener listener) {
    started.add(strategy);
    return new Run() {
      @Override
      public String id() {
        return "t35t";
      }

      @Override
      public MigrationReport run() {
        MigrationReport r = script.apply(listener);
        listener.finished(r);
        return r;
      }

      @Override
      public void cancel() {
        cancels++;
      }
    };
  }
}
