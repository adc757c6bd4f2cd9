package dev.ferry.app.main;

import dev.ferry.app.about.AboutViewModel;
import dev.ferry.app.connect.ConnectViewModel;
import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.connect.KeyFileCheck;
import dev.ferry.app.connect.RememberedHostsStore;
import dev.ferry.app.hosts.HostCatalog;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.app.theme.PresentationViewModel;
import dev.ferry.app.theme.ThemeViewModel;
import dev.ferry.app.settings.AppSettings;
import dev.ferry.app.settings.JsonFile;
import dev.ferry.app.settings.SettingsStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The main window's state and commands: the host panes, the theme, a status line, and the toolbar's
 * add host, demo lab and About. At start it reads the ssh config and the remembered hosts through the
 * executor (no file is read on the UI thread), then opens the hosts it was asked to.
 */
public final class MainViewModel {
  private final TaskExecutor executor;
  private final Callable<HostCatalog> catalogFactory;
  private final RememberedHostsStore store;
  private final HostsViewModel hosts;
  private final ThemeViewModel theme;
  private final PresentationViewModel presentation = new PresentationViewModel();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Reading the ssh config…");
  private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
  private final ReadOnlyBooleanWrapper askToConnect = new ReadOnlyBooleanWrapper(this, "askToConnect");
  private final SettingsStore settingsFile;
  private final ObservableList<String> setAsideList = FXCollections.observableArrayList();
  // Held here: an unmodifiable view listens to its list weakly, so a view made per call would stop hearing changes.
  private final ObservableList<String> setAsideView = FXCollections.unmodifiableObservableList(setAsideList);
  private HostCatalog catalog;
  private AboutViewModel about;
  private AppSettings settings = AppSettings.DEFAULTS;

  public MainViewModel(TaskExecutor executor, Callable<HostCatalog> catalogFactory, RememberedHostsStore store, HostsViewModel hosts,
      ThemeViewModel theme) {
    this(executor, catalogFactory, store, new SettingsStore(store.file().getParent(), Clock.systemUTC()), hosts, theme);
  }

  public MainViewModel(TaskExecutor executor, Callable<HostCatalog> catalogFactory, RememberedHostsStore store, SettingsStore settingsFile,
      HostsViewModel hosts, ThemeViewModel theme) {
    this.executor = executor;
    this.settingsFile = settingsFile;
    this.catalogFactory = catalogFactory;
    this.store = store;
    this.hosts = hosts;
    this.theme = theme;
    hosts.status().addListener((o, a, b) -> status.set(b));
  }

  /** The About dialog's model, made on first use. */
  public AboutViewModel about() {
    if (about == null) {
      about = new AboutViewModel(executor);
    }
    return about;
  }

  private record Startup(HostCatalog catalog, List<HostSpec> remembered, AppSettings settings, List<String> problems) {}

  /**
   * Reads the ssh config and the remembered hosts, then shows those, plus {@code extraHosts} from
   * the config, plus the lab's if {@code lab}. With nothing to show and {@code connectIfEmpty}, asks
   * the view to open the connect dialog.
   */
  public void start(List<String> extraHosts, boolean lab, boolean connectIfEmpty) {
    executor.execute(BackgroundTask.of("read ssh config and remembered hosts", () -> {
      HostCatalog c = catalogFactory.call();
      List<String> problems = new ArrayList<>();
      JsonFile.Read<AppSettings> read = settingsFile.load();
      read.notice().ifPresent(problems::add);
      List<HostSpec> remembered = List.of();
      try {
        JsonFile.Read<List<HostSpec>> hostsRead = store.read();
        hostsRead.notice().ifPresent(problems::add);
        remembered = hostsRead.value();
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
      return new Startup(c, remembered, read.value(), problems);
    }).onSuccess(s -> {
      catalog = s.catalog();
      hosts.ready(catalog);
      ready.set(true);
      applySettings(s.settings());
      setAsideList.setAll(s.problems());
      status.set(String.join(" ", s.problems()));
      s.remembered().forEach(hosts::add);
      extraHosts.forEach(h -> hosts.add(HostSpec.configured(h)));
      if (lab) {
        demoLab();
      }
      if (hosts.panes().isEmpty() && connectIfEmpty) {
        askToConnect.set(true);
      }
    }).onFailure(e -> status.set("Cannot read the ssh config: " + e.getMessage())));
  }

  private void applySettings(AppSettings s) {
    settings = s;
    theme.choice().set(s.theme());
    presentation.on().set(s.presentation());
    // Saved when changed from now on; the executor keeps the write off the UI thread.
    theme.choice().addListener((o, a, b) -> save(settings.withTheme(b)));
    presentation.on().addListener((o, a, b) -> save(settings.withPresentation(b)));
  }

  private void save(AppSettings next) {
    settings = next;
    executor.execute(BackgroundTask.of("save settings", () -> {
      settingsFile.save(next);
      return next;
    }).onFailure(e -> status.set(e.getMessage())));
  }

  /** The set-aside notices were read: they go. */
  public void dismissSetAside() {
    setAsideList.clear();
  }

  /** What was set aside at start (unreadable settings or hosts files), each naming the file; empty when nothing. */
  public ObservableList<String> setAside() {
    return setAsideView;
  }

  /** Shows every host of the running demo lab; says how to start one when none runs. */
  public void demoLab() {
    if (catalog == null) {
      return;
    }
    List<String> lab = catalog.labNames();
    if (lab.isEmpty()) {
      status.set("No demo lab is running. Start it with 'sudo ./ferry lab up' (Linux, as root), or connect to your own hosts.");
      return;
    }
    // Hosts remembered from an earlier demo are shown already: that is no news worth a status line.
    lab.stream().filter(h -> !hosts.hosts().contains(h)).forEach(h -> connect(HostSpec.configured(h)));
  }

  /** The connect dialog's view model, with the hosts of the ssh config and the lab to pick from. */
  public ConnectViewModel connectViewModel() {
    askToConnect.set(false);
    return new ConnectViewModel(executor, KeyFileCheck.FILE_SYSTEM, catalog == null ? List.of() : catalog.names());
  }

  /** Shows and remembers the host chosen in the connect dialog. */
  public void connect(HostSpec spec) {
    if (hosts.add(spec)) {
      executor.execute(BackgroundTask.of("remember " + spec.name(), () -> store.remember(spec))
          .onFailure(e -> status.set(e.getMessage())));
    }
  }

  public HostsViewModel hosts() {
    return hosts;
  }

  public ThemeViewModel theme() {
    return theme;
  }

  public PresentationViewModel presentation() {
    return presentation;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  /** True once the ssh config has been read: hosts can be added. */
  public ReadOnlyBooleanProperty ready() {
    return ready.getReadOnlyProperty();
  }

  /** Set when the app starts with no host and should offer the connect dialog. */
  public ReadOnlyBooleanProperty askToConnect() {
    return askToConnect.getReadOnlyProperty();
  }
}
