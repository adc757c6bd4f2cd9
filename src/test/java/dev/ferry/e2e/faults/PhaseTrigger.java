package dev.ferry.e2e.faults;

import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Injects a fault at the start of one phase of a running migration (the engine's phaseStarted
 * hook, on the migration's own thread, so the phase runs into the fault), and heals it after the
 * fault's own delay or, at the latest, in {@link #finish}.
 */
final class PhaseTrigger implements MigrationListener, AutoCloseable {
  private final Fault fault;
  private final Phase phase;
  private final FaultScene scene;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fault-healer");
    t.setDaemon(true);
    return t;
  });
  private final List<String> findings = new ArrayList<>();
  private volatile long injectedAtMillis;
  private boolean healed;
  private String injectError;

  PhaseTrigger(Fault fault, Phase phase, FaultScene scene) {
    this.fault = fault;
    this.phase = phase;
    this.scene = scene;
  }

  @Override
  public void phaseStarted(String migrationId, Phase started) {
    scene.migrationId(migrationId);
    if (started == phase && injectedAtMillis == 0) {
      fire();
    }
  }

  /** Injects now: for faults struck from outside a migration's listener (a child process, a second migration). */
  void fire() {
    try {
      fault.inject(scene);
      injectedAtMillis = System.currentTimeMillis();
      Duration after = fault.healAfter();
      if (after != null) {
        timer.schedule(this::heal, after.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException | AssertionError e) {
      injectError = e.getMessage();
    }
  }

  boolean injected() {
    return injectedAtMillis != 0;
  }

  String injectError() {
    return injectError;
  }

  long injectedAtMillis() {
    return injectedAtMillis;
  }

  private synchronized void heal() {
    if (!healed && injected()) {
      healed = true;
      try {
        findings.addAll(fault.heal(scene));
      } catch (RuntimeException | AssertionError e) {
        findings.add("healing " + fault.name() + " failed: " + e.getMessage());
      }
    }
  }

  /** Heals (if the fault has not healed on its own yet) and returns what healing found. */
  synchronized List<String> finish() {
    heal();
    return List.copyOf(findings);
  }

  @Override
  public void close() {
    finish();
    timer.shutdownNow();
  }
}
