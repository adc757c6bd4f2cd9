package dev.ferry.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.connect.RememberedHostsStore;
import dev.ferry.app.hosts.HostCatalog;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.app.theme.ThemeViewModel;
import dev.ferry.engine.ssh.SshHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainViewModelTest {
  @TempDir
  Path config;
  private final List<String> opened = new ArrayList<>();
  private List<String> lab = List.of();

  private final HostCatalog catalog = new HostCatalog() {
    @Override
    public List<String> names() {
      return List.of("web-1", "ferry-a", "ferry-b");
    }

    @Override
    public List<String> labNames() {
      return lab;
    }

    @Override
    public HostsViewModel.Link open(HostSpec spec, HostPaneViewModel pane) {
      opened.add(spec.name());
      return new HostsViewModel.Link() {
        @Override
        public String address() {
          return "";
        }

        @Override
        public void start() {}

        @Override
        public SshHost session() {
          return null;
        }

        @Override
        public void close() {}
      };
    }
  };

  private MainViewModel main() {
    CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    return new MainViewModel(executor, () -> catalog, new RememberedHostsStore(config), new HostsViewModel(executor), new ThemeViewModel());
  }

  @Test
  void corruptSettingsAndHostsFilesAreSetAsideNamedAndTheAppStartsWithDefaults() throws Exception {
    java.nio.file.Files.createDirectories(config);
    java.nio.file.Files.writeString(config.resolve("hosts.json"), "[{\"name\": ");
    java.nio.file.Files.writeString(config.resolve("settings.json"), "not json at all");
    MainViewModel main = main();

    main.start(List.of(), false, false);

    assertThat(main.ready().get()).isTrue();
    assertThat(main.setAside()).hasSize(2);
    assertThat(main.setAside()).anySatisfy(n -> assertThat(n).contains("settings.json").contains("set aside as settings.json.corrupt-"));
    assertThat(main.setAside()).anySatisfy(n -> assertThat(n).contains("hosts.json").contains("no remembered hosts"));
    assertThat(main.status().get()).contains("hosts.json.corrupt-");
    // It works: a host connected now is remembered in a fresh file.
    main.connect(HostSpec.configured("ferry-a"));
    assertThat(new RememberedHostsStore(config).load()).extracting(HostSpec::name).containsExactly("ferry-a");
    main.dismissSetAside();
    assertThat(main.setAside()).isEmpty();
  }

  @Test
  void theThemeAndPresentationModeAreKeptInTheSettingsBetweenRuns() {
    MainViewModel first = main();
    first.start(List.of(), false, false);
    first.theme().choice().set(dev.ferry.app.theme.ThemeChoice.DARK);
    first.presentation().on().set(true);

    MainViewModel second = main();
    second.start(List.of(), false, false);
    assertThat(second.theme().choice().get()).isEqualTo(dev.ferry.app.theme.ThemeChoice.DARK);
    assertThat(second.presentation().on().get()).isTrue();
    assertThat(second.setAside()).isEmpty();
  }

  @Test
  void withNoHostToShowItAsksForTheConnectDialog() {
    MainViewModel main = main();
    main.start(List.of(), false, true);
    assertThat(main.ready().get()).isTrue();
    assertThat(main.askToConnect().get()).isTrue();
    assertThat(main.connectViewModel().choices()).containsExactly("web-1", "ferry-a", "ferry-b");
    assertThat(main.askToConnect().get()).isFalse();
  }

  @Test
  void theDemoLabButtonSaysHowToStartALabWhenNoneRuns() {
    MainViewModel main = main();
    main.start(List.of(), false, false);
    main.demoLab();
    assertThat(main.status().get()).startsWith("No demo lab is running. Start it with 'sudo ./ferry lab up'");
    assertThat(opened).isEmpty();
  }

  @Test
  void connectedHostsAreRememberedAndShownAgainAtTheNextStart() {
    lab = List.of("ferry-a", "ferry-b");
    MainViewModel first = main();
    first.start(List.of(), true, true);
    assertThat(opened).containsExactly("ferry-a", "ferry-b");
    assertThat(first.askToConnect().get()).isFalse();
    opened.clear();
    lab = List.of();
    MainViewModel next = main();
    next.start(List.of(), false, true);
    assertThat(opened).containsExactly("ferry-a", "ferry-b");
    assertThat(next.hosts().panes()).extracting(HostPaneViewModel::name).containsExactly("ferry-a", "ferry-b");
  }

  @Test
  void theDemoLabAgainAfterRememberedLabHostsAddsNothingAndSaysNothing() {
    lab = List.of("ferry-a", "ferry-b");
    main().start(List.of(), true, false);
    opened.clear();
    MainViewModel again = main();
    again.start(List.of(), true, false);
    assertThat(opened).containsExactly("ferry-a", "ferry-b");
    assertThat(again.hosts().panes()).hasSize(2);
    assertThat(again.status().get()).isEmpty();
  }
}
