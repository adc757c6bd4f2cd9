package dev.ferry.app.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.hosts.Moves;
import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.checkpoint.Checkpoint;
import dev.ferry.engine.checkpoint.CheckpointTimings;
import dev.ferry.engine.checkpoint.RestoreResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The checkpoints list and its commands, against an in-memory store of checkpoints per host (pure logic; the lab test has the real one). */
class CheckpointsViewModelTest {
  private static final ContainerRef COUNTER = new ContainerRef("ferry-a", "counter", "runc");

  /** Checkpoints per host, kept in memory; a restore on another host is recorded. */
  private final class Store implements CheckpointEngine {
    final List<Checkpoint> onA = new ArrayList<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public List<Checkpoint> list(String host) {
      return host.equals("ferry-a") ? List.copyOf(onA) : List.of();
    }

    @Override
    public Checkpoint create(String host, String container, String name, boolean leaveRunning) {
      Checkpoint c = new Checkpoint(container, name, host, Instant.parse("2026-12-02T19:00:00Z"), 3 * 1024 * 1024, "runc", leaveRunning,
          new CheckpointTimings(100, 200, 1500, OptionalLong.of(90)));
      onA.add(c);
      calls.add("create " + host + " " + container + "/" + name + (leaveRunning ? " leave-running" : ""));
      return c;
    }

    @Override
    public RestoreResult restore(String host, String container, String name, String onHost) {
      calls.add("restore " + host + " " + container + "/" + name + " on " + onHost);
      Checkpoint c = onA.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
      return new RestoreResult(c, host, onHost, 300, 3_000_000, 50, false, 400, OptionalLong.empty(), 900);
    }

    @Override
    public void delete(String host, String container, String name) {
      calls.add("delete " + host + " " + container + "/" + name);
      onA.removeIf(c -> c.name().equals(name));
    }
  }

  private final Store store = new Store();
  private final List<String> dragged = new ArrayList<>();

  private final dev.ferry.app.model.ListedHosts facts = new dev.ferry.app.model.ListedHosts("ferry-a", "ferry-b", "ferry-c");
  private final List<String> refreshed = facts.refreshed;


  /** ferry-c refuses every restore, the way a host with an old CRIU would. */
  private final Moves moves = new Moves() {
    @Override
    public DropVerdict verdict(ContainerRef container, String targetHost) {
      return DropVerdict.accept("");
    }

    @Override
    public List<dev.ferry.app.hosts.ContainerCardViewModel.MoveTarget> targetsFor(ContainerRef container) {
      return List.of();
    }

    @Override
    public void requestMove(ContainerRef container, String targetHost) {}

    @Override
    public void dragStarted(ContainerRef container) {}

    @Override
    public void dragEnded() {
      dragged.add("ended");
    }

    @Override
    public DropVerdict restoreVerdict(CheckpointRef checkpoint, String targetHost) {
      return targetHost.equals("ferry-c") ? DropVerdict.refuse("no CRIU 4.2 on ferry-c") : DropVerdict.accept("can restore " + checkpoint.container());
    }

    @Override
    public void checkpointDragStarted(CheckpointRef checkpoint) {
      dragged.add(checkpoint.label());
    }
  };

  private CheckpointsViewModel list() {
    CheckpointsViewModel vm = new CheckpointsViewModel(store, new CurrentThreadTaskExecutor(), facts, moves, ZoneOffset.UTC);
    vm.hostsChanged();
    return vm;
  }

  @Test
  void theFirstHostIsListedWithTimeSizeAndWhetherItWasLeftRunning() {
    store.create("ferry-a", "counter", "before", true);
    store.create("ferry-a", "memory", "m1", false);
    CheckpointsViewModel vm = list();

    assertThat(vm.host().get()).isEqualTo("ferry-a");
    assertThat(vm.rows()).extracting(CheckpointRow::container, CheckpointRow::name, CheckpointRow::time, CheckpointRow::size,
        CheckpointRow::leftRunning).containsExactly(
            org.assertj.core.groups.Tuple.tuple("counter", "before", "2026-12-02 19:00:00", "3.0 MiB", "left running"),
            org.assertj.core.groups.Tuple.tuple("memory", "m1", "2026-12-02 19:00:00", "3.0 MiB", "stopped"));
    assertThat(vm.containers()).containsExactly(CheckpointsViewModel.ALL, "counter", "memory");
    assertThat(vm.status().get()).isEqualTo("2 checkpoints on ferry-a");
  }

  @Test
  void showingAContainersCheckpointsNarrowsTheListToItAndAsksTheViewToComeForward() {
    store.create("ferry-a", "counter", "before", true);
    store.create("ferry-a", "memory", "m1", false);
    CheckpointsViewModel vm = list();
    int asked = vm.showRequests().get();

    vm.show(COUNTER);

    assertThat(vm.rows()).extracting(CheckpointRow::name).containsExactly("before");
    assertThat(vm.showRequests().get()).isEqualTo(asked + 1);
    vm.container().set(CheckpointsViewModel.ALL);
    assertThat(vm.rows()).hasSize(2);
  }

  @Test
  void theNameIsCheckedAsTypedByTheEnginesRuleAndAgainstTheCheckpointsListed() {
    store.create("ferry-a", "counter", "before", true);
    CheckpointNowViewModel dialog = new CheckpointNowViewModel(COUNTER, list());

    assertThat(dialog.valid().get()).isFalse();
    assertThat(dialog.problem().get()).startsWith("Name the checkpoint");
    dialog.name().set("has space");
    assertThat(dialog.problem().get()).contains("is not a valid checkpoint name");
    dialog.name().set("before");
    assertThat(dialog.problem().get()).isEqualTo("A checkpoint named 'before' of counter already exists on ferry-a.");
    dialog.name().set("after-upgrade");
    assertThat(dialog.valid().get()).isTrue();
    dialog.leaveRunning().set(false);

    dialog.confirm();

    assertThat(store.calls).contains("create ferry-a counter/after-upgrade");
    assertThat(dialog.problem().get()).as("now taken").startsWith("A checkpoint named 'after-upgrade'");
  }

  @Test
  void checkpointingSaysWhatWasTakenListsItAndRefreshesTheHostsContainers() {
    CheckpointsViewModel vm = list();
    vm.checkpoint(COUNTER, "cp1", true);
    assertThat(vm.status().get()).isEqualTo("Checkpoint cp1 of counter taken on ferry-a: 3.0 MiB in 1.5 s, left running");
    assertThat(vm.rows()).extracting(CheckpointRow::name).containsExactly("cp1");
    assertThat(refreshed).contains("ferry-a");
  }

  @Test
  void restoreTargetsCarryTheMigrationVerdictsAndARefusedOneDoesNothing() {
    store.create("ferry-a", "counter", "cp1", false);
    CheckpointsViewModel vm = list();
    CheckpointRow row = vm.rows().get(0);

    assertThat(vm.targets(row)).extracting(t -> t.host(), t -> t.verdict().accepted(), t -> t.verdict().reason()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ferry-a", true, "can restore counter"),
        org.assertj.core.groups.Tuple.tuple("ferry-b", true, "can restore counter"),
        org.assertj.core.groups.Tuple.tuple("ferry-c", false, "no CRIU 4.2 on ferry-c"));
    vm.restore(row, "ferry-c");
    assertThat(store.calls).noneMatch(c -> c.startsWith("restore"));
    assertThat(vm.status().get()).isEqualTo("Cannot restore counter/cp1 on ferry-c: no CRIU 4.2 on ferry-c");

    vm.restore(row, "ferry-b");
    assertThat(store.calls).contains("restore ferry-a counter/cp1 on ferry-b");
    assertThat(vm.status().get()).isEqualTo("Restored counter/cp1 on ferry-b in 0.9 s (2.9 MiB copied from ferry-a)");
    assertThat(refreshed).contains("ferry-b");
  }

  @Test
  void aDraggedRowTellsThePanesAndDeletingRemovesIt() {
    store.create("ferry-a", "counter", "cp1", false);
    CheckpointsViewModel vm = list();
    vm.dragStarted(vm.rows().get(0));
    vm.dragEnded();
    assertThat(dragged).containsExactly("counter/cp1", "ended");

    vm.delete(vm.rows().get(0));
    assertThat(store.calls).contains("delete ferry-a counter/cp1");
    assertThat(vm.rows()).isEmpty();
    assertThat(vm.status().get()).isEqualTo("Deleted the checkpoint counter/cp1 on ferry-a");
  }

  @Test
  void aChoiceBoxClearingTheFilterWhileItsChoicesAreReplacedShowsEveryContainerAndTheFilterSurvivesARefresh() {
    store.create("ferry-a", "counter", "before", true);
    store.create("ferry-a", "memory", "m1", false);
    CheckpointsViewModel vm = list();
    vm.container().set(null);
    assertThat(vm.rows()).hasSize(2);
    vm.container().set("memory");
    vm.refresh();
    assertThat(vm.container().get()).isEqualTo("memory");
    assertThat(vm.rows()).extracting(CheckpointRow::name).containsExactly("m1");
  }
}
