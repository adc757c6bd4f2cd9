package dev.ferry.app.migration;

import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.clientview.ClientWatch;
import dev.ferry.engine.clientview.ClientWatchedMigration;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.Migration;
import dev.ferry.engine.migration.MigrationListener;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.MigrationRequest;
import dev.ferry.engine.migration.Preflight;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.Strategy;
import dev.ferry.engine.migration.StrategyChoice;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sheet's engine calls on the real hosts: the engine's {@link Preflight} for the checklist and the
 * strategy handshake, and a {@link Migration} for the move. Runs on executor threads only.
 */
final class LiveMigrationEngine implements MigrationEngine {
  private final HostFactsCache facts;
  private final EngineThreads threads;
  private final List<MigrationListener> extraListeners = new CopyOnWriteArrayList<>();

  LiveMigrationEngine(HostFactsCache facts, EngineThreads threads) {
    this.facts = facts;
    this.threads = threads;
  }

  /** Also told of every migration this engine starts (logging, tests that inject a fault at a phase). */
  void addListener(MigrationListener listener) {
    extraListeners.add(listener);
  }

  @Override
  public Checked check(ContainerRef container, String target) {
    SshHost source = facts.session(container.host());
    SshHost destination = facts.session(target);
    Preflight preflight = new Preflight(source, destination, ContainerName.of(container.name()), threads.io());
    List<PreflightCheck> checks = preflight.run();
    StrategyChoice auto = preflight.choose(new ArrayList<>(checks), Optional.empty());
    List<StrategyOption> options = new ArrayList<>();
    options.add(new StrategyOption(Optional.empty(), true, auto.strategy().label() + ": " + auto.reason()));
    for (Strategy s : Strategy.values()) {
      // choose() adds a failed check when the hosts cannot do the strategy asked for: that is the reason to grey it.
      List<PreflightCheck> asked = new ArrayList<>();
      preflight.choose(asked, Optional.of(s));
      Optional<PreflightCheck> refusal = asked.stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).findFirst();
      options.add(new StrategyOption(Optional.of(s), refusal.isEmpty(), refusal.map(PreflightCheck::reason).orElse(describe(s))));
    }
    return new Checked(checks, auto, options);
  }

  private static String describe(Strategy s) {
    return switch (s) {
      case PRE_COPY -> "memory copied in rounds while the container runs";
      case POST_COPY -> "resumes on the destination first; memory follows on demand";
      case STOP_AND_COPY -> "all memory copied while frozen; works everywhere";
    };
  }

  @Override
  public Run prepare(ContainerRef container, String target, Optional<Strategy> strategy, MigrationListener listener) {
    return prepare(container, target, strategy, listener, Optional.empty());
  }

  @Override
  public Run prepare(ContainerRef container, String target, Optional<Strategy> strategy, MigrationListener listener,
      Optional<ClientWatch> watch) {
    Migration m = new Migration(facts.session(container.host()), facts.session(target),
        new MigrationRequest(ContainerName.of(container.name()), strategy, false), threads);
    m.addListener(listener);
    extraListeners.forEach(m::addListener);
    return new Run() {
      @Override
      public String id() {
        return m.id();
      }

      @Override
      public MigrationReport run() {
        if (watch.isEmpty()) {
          return m.run();
        }
        List<MigrationListener> told = new ArrayList<>(extraListeners);
        told.add(0, listener);
        return ClientWatchedMigration.run(m, facts.session(watch.get().fromHost()), watch.get(), told);
      }

      @Override
      public void cancel() {
        m.cancel();
      }
    };
  }
}
