package dev.ferry.app.checkpoints;

import dev.ferry.app.hosts.CheckpointPort;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.util.EngineThreads;
import java.time.ZoneId;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.stage.Window;

/**
 * The checkpoints feature as the main window sees it: the card menu's "Checkpoint now…" and
 * "Checkpoints", the list below the panes, and restores asked for by a checkpoint dropped on a pane.
 * Wires the view model to the engine's checkpoints; the hosts feature reaches it only through
 * {@link CheckpointPort}.
 */
public final class CheckpointsFeature implements CheckpointPort {
  private final CheckpointsViewModel vm;
  private CheckpointsView view;
  private Window owner;

  public CheckpointsFeature(HostsViewModel hosts, TaskExecutor executor, EngineThreads threads) {
    this(hosts, executor, new LiveCheckpointEngine(hosts, threads));
  }

  CheckpointsFeature(HostsViewModel hosts, TaskExecutor executor, CheckpointEngine engine) {
    this.vm = new CheckpointsViewModel(engine, executor, hosts, hosts, ZoneId.systemDefault());
    hosts.panes().addListener((ListChangeListener<dev.ferry.app.hosts.HostPaneViewModel>) c -> vm.hostsChanged());
    hosts.setCheckpointPort(this);
  }

  /** The list, for the main window to place. */
  public Node view() {
    if (view == null) {
      view = new CheckpointsView(vm);
    }
    return view.node();
  }

  public void setOwner(Window owner) {
    this.owner = owner;
  }

  public CheckpointsViewModel viewModel() {
    return vm;
  }

  @Override
  public void checkpointNow(ContainerRef container) {
    if (!container.host().equals(vm.host().get())) {
      // The list shows that host's checkpoints, so the dialog can tell a name already taken.
      vm.host().set(container.host());
    }
    new CheckpointNowDialog(owner, new CheckpointNowViewModel(container, vm)).show();
  }

  @Override
  public void showCheckpoints(ContainerRef container) {
    vm.show(container);
  }

  @Override
  public void restore(CheckpointRef checkpoint, String targetHost) {
    vm.restore(checkpoint, targetHost);
  }
}
