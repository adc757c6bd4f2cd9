package dev.ferry.engine.container;

import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The containers of one host across all its runtimes, refreshed on demand and periodically.
 * Each refresh is compared with the last one, and listeners hear what appeared, disappeared or
 * changed state.
 */
public final class HostContainers implements AutoCloseable {
  private final RemoteHost host;
  private final List<ContainerRuntime> runtimes;
  private final Executor io;
  private final List<ContainerListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, ContainerInfo> known = new LinkedHashMap<>();
  private ScheduledFuture<?> periodic;

  public HostContainers(RemoteHost host, List<ContainerRuntime> runtimes, Executor io) {
    this.host = host;
    this.runtimes = List.copyOf(runtimes);
    this.io = io;
  }

  public List<ContainerRuntime> runtimes() {
    return runtimes;
  }

  /** The runtime that runs a container of that name, if any. */
  public ContainerRuntime runtimeOf(ContainerName id) {
    synchronized (known) {
      for (ContainerInfo c : known.values()) {
        if (c.id().equals(id.value())) {
          return runtimes.stream().filter(r -> r.name().equals(c.runtime())).findFirst().orElseThrow();
        }
      }
    }
    throw new ContainerNotFoundException(host.name(), id, "runc or podman");
  }

  public void addListener(ContainerListener l) {
    listeners.add(l);
  }

  public void removeListener(ContainerListener l) {
    listeners.remove(l);
  }

  public List<ContainerInfo> current() {
    synchronized (known) {
      return List.copyOf(known.values());
    }
  }

  public CompletableFuture<List<ContainerInfo>> refresh() {
    return CompletableFuture.supplyAsync(this::refreshNow, io);
  }

  /** Lists every runtime's containers now, on the calling thread, and tells listeners the difference. */
  public List<ContainerInfo> refreshNow() {
    List<ContainerInfo> fresh = new ArrayList<>();
    try {
      for (ContainerRuntime r : runtimes) {
        fresh.addAll(r.list());
      }
    } catch (RuntimeException e) {
      listeners.forEach(l -> l.refreshFailed(host.name(), e));
      throw e;
    }
    applyDiff(fresh);
    return fresh;
  }

  private void applyDiff(List<ContainerInfo> fresh) {
    Map<String, ContainerInfo> next = new LinkedHashMap<>();
    fresh.forEach(c -> next.put(c.runtime() + "/" + c.id(), c));
    List<Runnable> events = new ArrayList<>();
    synchronized (known) {
      for (Map.Entry<String, ContainerInfo> e : next.entrySet()) {
        ContainerInfo before = known.get(e.getKey());
        if (before == null) {
          events.add(() -> listeners.forEach(l -> l.appeared(host.name(), e.getValue())));
        } else if (!before.sameStateAs(e.getValue())) {
          events.add(() -> listeners.forEach(l -> l.changed(host.name(), before, e.getValue())));
        }
      }
      for (Map.Entry<String, ContainerInfo> e : known.entrySet()) {
        if (!next.containsKey(e.getKey())) {
          events.add(() -> listeners.forEach(l -> l.disappeared(host.name(), e.getValue())));
        }
      }
      known.clear();
      known.putAll(next);
    }
    events.forEach(Runnable::run);
  }

  /** Refreshes every {@code every} until closed; a failed refresh is reported and retried next time. */
  public synchronized void refreshEvery(Duration every, ScheduledExecutorService scheduler) {
    if (periodic != null) {
      periodic.cancel(false);
    }
    periodic = scheduler.scheduleWithFixedDelay(() -> io.execute(() -> {
      try {
        refreshNow();
      } catch (RuntimeException reported) {
        // listeners have been told; the next tick tries again
      }
    }), 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (periodic != null) {
      periodic.cancel(false);
    }
  }
}
