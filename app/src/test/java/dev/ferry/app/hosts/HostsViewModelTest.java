package dev.ferry.app.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.migration.MigrationPort;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class HostsViewModelTest {
  private final ObservableList<MigrationPort.InFlight> inFlight = FXCollections.observableArrayList();
  private final List<String> asked = new ArrayList<>();
  private final HostsViewModel hosts = new HostsViewModel(new CurrentThreadTaskExecutor());

  HostsViewModelTest() {
    hosts.setMigrationPort(new MigrationPort() {
      @Override
      public DropVerdict verdict(ContainerRef container, String targetHost) {
        asked.add(targetHost);
        return targetHost.equals("c") ? DropVerdict.refuse("name clash") : DropVerdict.accept("");
      }

      @Override
      public void requestMove(ContainerRef container, String targetHost) {
        asked.add("move to " + targetHost);
      }

      @Override
      public ObservableList<InFlight> inFlight() {
        return inFlight;
      }
    });
    hosts.ready((spec, pane) -> new HostsViewModel.Link() {
      @Override
      public String address() {
        return "root@" + spec.name() + ":22";
      }

      @Override
      public void start() {
        pane.connected();
        if (spec.name().equals("a")) {
          pane.containersListed(List.of(HostFixtures.container("counter", ContainerState.RUNNING, HostFixtures.T0)));
        }
      }

      @Override
      public SshHost session() {
        return null;
      }

      @Override
      public void close() {}
    });
    List.of("a", "b", "c").forEach(h -> hosts.add(HostSpec.configured(h)));
  }

  @Test
  void theFactsCacheAnswersFromWhatThePanesAlreadyKnow() {
    assertThat(hosts.hosts()).containsExactly("a", "b", "c");
    assertThat(hosts.connected("b")).isTrue();
    assertThat(hosts.connected("nowhere")).isFalse();
    assertThat(hosts.containers("a")).extracting(c -> c.id()).containsExactly("counter");
    assertThat(hosts.probe("a")).isEmpty();
  }

  @Test
  void aHostIsShownOnceHoweverOftenItIsAdded() {
    assertThat(hosts.add(HostSpec.configured("a"))).isFalse();
    assertThat(hosts.panes()).hasSize(3);
    assertThat(hosts.status().get()).isEqualTo("a is already shown.");
  }

  @Test
  void startingADragShowsEveryOtherPanesVerdictAtOnceAndEndingItClearsThem() {
    ContainerRef counter = new ContainerRef("a", "counter", "runc");
    hosts.dragStarted(counter);
    assertThat(hosts.panes().get(0).dropVerdict().get()).isNull();
    assertThat(hosts.panes().get(1).dropVerdict().get().accepted()).isTrue();
    assertThat(hosts.panes().get(2).dropVerdict().get().reason()).isEqualTo("name clash");
    hosts.dragEnded();
    assertThat(hosts.panes()).allSatisfy(p -> assertThat(p.dropVerdict().get()).isNull());
  }

  @Test
  void moveToListsTheOtherHostsWithTheSameVerdictsAsADrag() {
    ContainerCardViewModel card = hosts.panes().get(0).cards().get(0);
    assertThat(card.moveTargets()).extracting(t -> t.host() + " " + t.verdict().accepted()).containsExactly("b true", "c false");
    hosts.panes().get(0).moveTo(card, "c");
    hosts.panes().get(0).moveTo(card, "b");
    assertThat(asked).contains("move to b").doesNotContain("move to c");
  }

  @Test
  void inFlightChangesReachEveryPane() {
    inFlight.add(new MigrationPort.InFlight(new ContainerRef("a", "counter", "runc"), "b"));
    assertThat(hosts.panes().get(0).cards().get(0).migrating().get()).isTrue();
    assertThat(hosts.panes().get(1).cards()).singleElement().satisfies(g -> assertThat(g.ghost()).isTrue());
    inFlight.clear();
    assertThat(hosts.panes().get(1).cards()).isEmpty();
  }
}
