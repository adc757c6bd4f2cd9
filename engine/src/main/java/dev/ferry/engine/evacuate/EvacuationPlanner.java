package dev.ferry.engine.evacuate;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.ContainerRuntime;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.container.Runtimes;
import dev.ferry.engine.migration.Preflight;
import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.StrategyChoice;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the plan to evacuate a host: lists its containers, reads what each possible destination has
 * to spare ({@link HostLoad}), spreads the containers over them ({@link Spread}), and runs the
 * migration's own pre-flight for each container and its host (in parallel), which also gives the
 * strategy auto would choose. {@link #retarget} does one container again for another host. Changes
 * nothing on any host. Calls block; run them on an engine thread.
 */
public final class EvacuationPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(EvacuationPlanner.class);

  private final SshHost source;
  private final Map<String, SshHost> targets = new LinkedHashMap<>();
  private final EngineThreads threads;

  /** {@code targets}: the hosts the containers may go to, in the order to prefer on a tie. */
  public EvacuationPlanner(SshHost source, List<SshHost> targets, EngineThreads threads) {
    this.source = source;
    this.threads = threads;
    for (SshHost t : targets) {
      if (!t.name().equals(source.name())) {
        this.targets.put(t.name(), t);
      }
    }
  }

  public EvacuationPlan plan() {
    List<ContainerInfo> containers = new ArrayList<>();
    for (ContainerRuntime r : Runtimes.on(source)) {
      containers.addAll(r.list());
    }
    List<CompletableFuture<HostLoad>> reads = targets.values().stream()
        .map(t -> CompletableFuture.supplyAsync(() -> HostLoad.read(t), threads.io())).toList();
    List<HostLoad> loads = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) {
      try {
        loads.add(reads.get(i).join());
      } catch (RuntimeException e) {
        String name = new ArrayList<>(targets.keySet()).get(i);
        LOG.info("evacuate {}: {} left out of the plan: {}", source.name(), name, e.getMessage());
        unreadable.add(name);
      }
    }
    List<ContainerInfo> running = containers.stream().filter(c -> c.state() == ContainerState.RUNNING).toList();
    Map<String, String> where = Spread.place(running.stream()
        .map(c -> new Spread.Item(c.id(), c.memoryBytes().orElse(0))).toList(), loads);
    List<CompletableFuture<PlannedMove>> moves = new ArrayList<>();
    for (ContainerInfo c : containers) {
      if (c.state() != ContainerState.RUNNING) {
        moves.add(CompletableFuture.completedFuture(new PlannedMove(c.id(), c.runtime(), c.memoryBytes().orElse(0), Optional.empty(), true,
            List.of(), Optional.empty(), Optional.of("it is " + c.state().name().toLowerCase(Locale.ROOT) + ", not running: only a running"
                + " container can be moved live"))));
      } else if (loads.isEmpty()) {
        moves.add(CompletableFuture.completedFuture(new PlannedMove(c.id(), c.runtime(), c.memoryBytes().orElse(0), Optional.empty(), true,
            List.of(), Optional.empty(), Optional.of(targets.isEmpty() ? "no other host to move it to"
                : "no other host answered (" + String.join(", ", unreadable) + ")"))));
      } else {
        moves.add(CompletableFuture.supplyAsync(() -> check(c.id(), c.runtime(), c.memoryBytes().orElse(0), where.get(c.id())), threads.io()));
      }
    }
    return new EvacuationPlan(source.name(), moves.stream().map(CompletableFuture::join).toList(), loads);
  }

  /** The plan with {@code container} going to {@code target} instead, checked afresh for that host. */
  public EvacuationPlan retarget(EvacuationPlan plan, String container, String target) {
    PlannedMove m = plan.require(container);
    if (!targets.containsKey(target)) {
      throw new IllegalArgumentException(target + " is not one of the hosts this evacuation may use (" + String.join(", ", targets.keySet()) + ")");
    }
    PlannedMove checked = check(m.container(), m.runtime(), m.memoryBytes(), target);
    return plan.replace(m.included() ? checked : checked.excluded(true));
  }

  private PlannedMove check(String ct, String runtime, long memory, String target) {
    try {
      Preflight p = new Preflight(source, targets.get(target), ContainerName.of(ct), threads.io());
      List<PreflightCheck> checks = new ArrayList<>(p.run());
      StrategyChoice choice = p.choose(checks, Optional.empty());
      return new PlannedMove(ct, runtime, memory, Optional.of(target), true, checks, Optional.of(choice), Optional.empty());
    } catch (RuntimeException e) {
      return new PlannedMove(ct, runtime, memory, Optional.of(target), true, List.of(), Optional.empty(),
          Optional.of("the pre-flight checks could not run: " + e.getMessage()));
    }
  }

  /** The hosts this evacuation may move containers to. */
  public List<String> targets() {
    return List.copyOf(targets.keySet());
  }

  SshHost host(String name) {
    return name.equals(source.name()) ? source : targets.get(name);
  }
}
