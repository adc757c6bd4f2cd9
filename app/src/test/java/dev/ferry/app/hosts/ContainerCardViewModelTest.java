package dev.ferry.app.hosts;

import static dev.ferry.app.hosts.HostFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerCardViewModelTest {
  private final ContainerCardViewModel card = new ContainerCardViewModel(new ContainerRef("ferry-a", "counter", "runc"),
      ref -> List.of(new ContainerCardViewModel.MoveTarget("ferry-b", DropVerdict.refuse("name clash"))));

  @Test
  void stateChangesShowAsTheyAreHeard() {
    card.update(HostFixtures.container("counter", ContainerState.RUNNING, T0), T0);
    assertThat(card.state().get()).isEqualTo("running");
    card.update(HostFixtures.container("counter", ContainerState.PAUSED, T0), T0);
    assertThat(card.state().get()).isEqualTo("paused");
    assertThat(card.stateStyle().get()).isEqualTo("paused");
    card.update(HostFixtures.container("counter", ContainerState.STOPPED, T0), T0);
    assertThat(card.state().get()).isEqualTo("stopped");
  }

  @Test
  void uptimeCountsFromCreationWhileRunningAndIsBlankOnceStopped() {
    card.update(HostFixtures.container("counter", ContainerState.RUNNING, T0), T0.plusSeconds(45));
    assertThat(card.uptime().get()).isEqualTo("up 45 s");
    card.tick(T0.plusSeconds(3 * 3600 + 20 * 60));
    assertThat(card.uptime().get()).isEqualTo("up 3 h 20 min");
    card.update(HostFixtures.container("counter", ContainerState.STOPPED, T0), T0.plusSeconds(4000));
    assertThat(card.uptime().get()).isEmpty();
  }

  @Test
  void memorySamplesFeedABoundedSparkline() {
    for (int i = 0; i < 500; i++) {
      card.sample(HostFixtures.containerSample("counter", 0.5, 1000L + i));
    }
    assertThat(card.memorySeries().size()).isEqualTo(ContainerCardViewModel.MEMORY_POINTS);
    assertThat(card.memorySeries().last()).isEqualTo(1499.0);
    assertThat(card.cpu().get()).isEqualTo("CPU 0.5 %");
  }

  @Test
  void checkpointCountReadsInWords() {
    card.checkpoints(0);
    assertThat(card.checkpointsText().get()).isEqualTo("no checkpoints");
    card.checkpoints(1);
    assertThat(card.checkpointsText().get()).isEqualTo("1 checkpoint");
    card.checkpoints(3);
    assertThat(card.checkpointsText().get()).isEqualTo("3 checkpoints");
  }

  @Test
  void moveTargetsComeWithTheirVerdictsAndAGhostOffersNone() {
    assertThat(card.moveTargets()).singleElement().satisfies(t -> assertThat(t.verdict().reason()).isEqualTo("name clash"));
    assertThat(ContainerCardViewModel.ghostOf(card.ref()).moveTargets()).isEmpty();
  }

  @Test
  void podmanIsNamedAsPeopleWriteIt() {
    assertThat(new ContainerCardViewModel(new ContainerRef("h", "web", "podman"), r -> List.of()).runtime()).isEqualTo("Podman");
  }
}
