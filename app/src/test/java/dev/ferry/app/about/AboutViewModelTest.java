package dev.ferry.app.about;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.FerryVersion;
import dev.ferry.engine.probe.HostLimits;
import org.junit.jupiter.api.Test;

class AboutViewModelTest {
  private final AboutViewModel vm = new AboutViewModel(new CurrentThreadTaskExecutor());

  @Test
  void titleAndVersionAreThePomsThroughFerryVersion() {
    assertThat(vm.version()).isEqualTo(FerryVersion.current());
    assertThat(vm.title()).isEqualTo("Ferry " + FerryVersion.current());
  }

  @Test
  void requirementsNameTheCriuMinimumTheProbeJudgesBy() {
    assertThat(vm.requirements().get(0)).startsWith("CRIU " + HostLimits.criuMinimum() + " or newer");
  }

  @Test
  void licencesAreReadOnceThroughTheExecutor() {
    assertThat(vm.licences()).isEmpty();
    vm.load();
    int read = vm.licences().size();
    assertThat(read).isGreaterThan(10);
    assertThat(vm.licencesProblem().get()).isEmpty();
    vm.load();
    assertThat(vm.licences()).hasSize(read);
  }
}
