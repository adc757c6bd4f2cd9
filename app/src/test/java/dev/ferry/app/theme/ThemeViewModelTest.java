package dev.ferry.app.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThemeViewModelTest {
  private final ThemeViewModel vm = new ThemeViewModel();

  @Test
  void lightAndDarkPickPrimerLightAndPrimerDark() {
    vm.choice().set(ThemeChoice.DARK);
    assertThat(vm.stylesheet().get()).isEqualTo(ThemeViewModel.DARK).contains("primer-dark");
    assertThat(vm.dark().get()).isTrue();
    vm.choice().set(ThemeChoice.LIGHT);
    assertThat(vm.stylesheet().get()).isEqualTo(ThemeViewModel.LIGHT).contains("primer-light");
  }

  @Test
  void systemFollowsThePreferenceTheDetectorReadsEachTimeItLooks() {
    CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    Optional<SystemTheme.Preference>[] desktop = new Optional[] {Optional.of(new SystemTheme.Preference(true, "gsettings color-scheme 'prefer-dark'"))};
    vm.choice().set(ThemeChoice.SYSTEM);
    vm.followSystem(executor, () -> desktop[0]);
    assertThat(vm.stylesheet().get()).isEqualTo(ThemeViewModel.DARK);
    assertThat(vm.systemSays().get()).isEqualTo("system prefers dark (gsettings color-scheme 'prefer-dark')");
    desktop[0] = Optional.of(new SystemTheme.Preference(false, "gsettings color-scheme 'default'"));
    executor.tick();
    assertThat(vm.stylesheet().get()).isEqualTo(ThemeViewModel.LIGHT);
  }

  @Test
  void withNoDetectablePreferenceSystemMeansLight() {
    vm.choice().set(ThemeChoice.SYSTEM);
    vm.systemPreference(Optional.empty());
    assertThat(vm.dark().get()).isFalse();
    assertThat(vm.systemSays().get()).isEqualTo("no system preference found: light");
  }

  @Test
  void anExplicitChoiceIgnoresTheSystem() {
    vm.choice().set(ThemeChoice.LIGHT);
    vm.systemPreference(Optional.of(new SystemTheme.Preference(true, "GTK_THEME=Adwaita:dark")));
    assertThat(vm.dark().get()).isFalse();
  }
}
