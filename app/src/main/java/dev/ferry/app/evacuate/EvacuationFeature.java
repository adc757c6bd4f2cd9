package dev.ferry.app.evacuate;

import dev.ferry.app.hosts.EvacuationPort;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.util.EngineThreads;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.stage.Window;

/**
 * Evacuating a host, as the main window sees it: a pane's "Evacuate…" opens a sheet whose plan the
 * engine makes (nothing moves before the user confirms). The hosts feature reaches it only through
 * {@link EvacuationPort}.
 */
public final class EvacuationFeature implements EvacuationPort {
  private final HostsViewModel hosts;
  private final TaskExecutor executor;
  private final EngineThreads threads;
  private final ReportStore reports;
  private final Runnable historyChanged;
  private final java.util.List<Consumer<EvacuationViewModel>> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Window owner;

  /** {@code historyChanged} is told when an evacuation ends: its migrations' reports are saved. */
  public EvacuationFeature(HostsViewModel hosts, TaskExecutor executor, EngineThreads threads, ReportStore reports, Runnable historyChanged) {
    this.hosts = hosts;
    this.executor = executor;
    this.threads = threads;
    this.reports = reports;
    this.historyChanged = historyChanged;
    hosts.setEvacuationPort(this);
  }

  public void setOwner(Window owner) {
    this.owner = owner;
  }

  /** Told of every sheet opened (tests and screenshots drive it through its view model). */
  public void onOpened(Consumer<EvacuationViewModel> listener) {
    opened.add(Objects.requireNonNull(listener));
  }

  @Override
  public void evacuate(String host) {
    EvacuationViewModel vm = new EvacuationViewModel(host, new LiveEvacuationEngine(hosts, host, threads, reports), executor, hosts);
    vm.stage().addListener((o, a, b) -> {
      if (b == EvacuationViewModel.Stage.DONE || b == EvacuationViewModel.Stage.FAILED) {
        historyChanged.run();
      }
    });
    EvacuationSheet sheet = new EvacuationSheet(vm, owner);
    sheet.show();
    opened.forEach(l -> l.accept(vm));
    vm.makePlan();
  }
}
