package dev.ferry.app;

import dev.ferry.app.about.AppIcons;
import dev.ferry.app.checkpoints.CheckpointsFeature;
import dev.ferry.app.evacuate.EvacuationFeature;
import dev.ferry.app.main.BelowPanes;
import dev.ferry.app.connect.ConnectDialog;
import dev.ferry.app.connect.FxCredentialsPrompt;
import dev.ferry.app.connect.FxHostKeyPrompt;
import dev.ferry.app.connect.HostKeyDialog;
import dev.ferry.app.connect.RememberedHostsStore;
import dev.ferry.app.connect.SecretDialog;
import dev.ferry.app.hosts.EngineHosts;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.main.MainView;
import dev.ferry.app.main.MainViewModel;
import dev.ferry.app.main.SaveAsQuestion;
import dev.ferry.app.main.SceneSnapshot;
import dev.ferry.app.migration.MigrationFeature;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.FxTaskExecutor;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.app.theme.SystemTheme;
import dev.ferry.app.theme.ThemeViewModel;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.util.EngineThreads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's composition root: builds the engine's threads, the one executor, the FX prompts the engine
 * asks through, the features' view models and views, and wires them. Nothing else creates them.
 */
public class FerryApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(FerryApp.class);
  /** A snapshot waits at most this long for every pane to show its containers. */
  private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(120);
  /** After the cards show, most of a minute of samples, so the sparklines have a line to draw. */
  private static final Duration SNAPSHOT_SETTLE = Duration.ofSeconds(45);

  private AppOptions options;
  private final SaveAsQuestion saveAs;
  private EngineThreads threads;
  private FxTaskExecutor executor;
  private HostsViewModel hosts;
  private MainViewModel main;
  private MainView view;
  private volatile EngineHosts engineHosts;
  private Stage stage;
  private int pendingSnapshots;

  public FerryApp() {
    this.saveAs = SaveAsQuestion.platformDialog();
  }

  /** For tests: the options without a command line. */
  public FerryApp(AppOptions options) {
    this(options, SaveAsQuestion.platformDialog());
  }

  /** For tests: the options, and where exports go instead of asking the platform's save dialog. */
  public FerryApp(AppOptions options, SaveAsQuestion saveAs) {
    this.options = options;
    this.saveAs = saveAs;
  }

  @Override
  public void start(Stage primary) {
    if (options == null) {
      options = AppOptions.parse(getParameters().getRaw());
    }
    stage = primary;
    threads = new EngineThreads();
    executor = new FxTaskExecutor();
    FxCredentialsPrompt credentials = new FxCredentialsPrompt(executor.ui(), (q, reply) -> SecretDialog.show(stage, q, reply));
    FxHostKeyPrompt hostKeys = new FxHostKeyPrompt(executor.ui(), (q, reply) -> HostKeyDialog.show(stage, q, reply));
    KnownHostsVerifier verifier = new KnownHostsVerifier(hostKeys);
    hosts = new HostsViewModel(executor);
    ThemeViewModel theme = new ThemeViewModel();
    theme.followSystem(executor, new SystemTheme()::detect);
    ReportStore reports = options.reportsDir().map(ReportStore::new).orElseGet(ReportStore::defaultStore);
    MigrationFeature migration = new MigrationFeature(hosts, executor, threads, reports);
    hosts.setMigrationPort(migration);
    CheckpointsFeature checkpoints = new CheckpointsFeature(hosts, executor, threads);
    EvacuationFeature evacuation = new EvacuationFeature(hosts, executor, threads, reports, migration::historyChanged);
    hosts.startClock();
    main = new MainViewModel(executor, () -> {
      engineHosts = new EngineHosts(options.sshConfigs(), verifier, credentials, threads, executor);
      return engineHosts;
    }, new RememberedHostsStore(options.configDir()), hosts, theme);
    view = new MainView(main, BelowPanes.of(migration.historyView(saveAs), checkpoints.view()),
        migration.presentationStopwatch(main.presentation().on()));
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    Scene scene = new Scene(view, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
    scene.getStylesheets().add(Objects.requireNonNull(FerryApp.class.getResource("app.css")).toExternalForm());
    stage.setTitle(main.about().title());
    stage.getIcons().setAll(AppIcons.forWindow());
    stage.setScene(scene);
    migration.setOwner(stage);
    checkpoints.setOwner(stage);
    evacuation.setOwner(stage);
    stage.getProperties().put(EvacuationFeature.class, evacuation);
    stage.getProperties().put(CheckpointsFeature.class, checkpoints);
    stage.show();
    main.start(options.hosts(), options.lab(), options.connectIfEmpty() && options.snapshot().isEmpty());
    pendingSnapshots = (options.snapshot().isPresent() ? 1 : 0) + (options.dialogSnapshot().isPresent() ? 1 : 0)
        + (options.aboutSnapshot().isPresent() ? 1 : 0);
    options.snapshot().ifPresent(this::snapshotWhenReady);
    options.dialogSnapshot().ifPresent(this::snapshotConnectDialog);
    options.aboutSnapshot().ifPresent(this::snapshotAboutDialog);
  }

  public MainViewModel mainViewModel() {
    return main;
  }

  public MainView mainView() {
    return view;
  }

  public TaskExecutor executor() {
    return executor;
  }

  /** Waits (on the executor's timer, never on the FX thread) until every pane is connected and probed and cards show, then snapshots the window. */
  private void snapshotWhenReady(Path file) {
    Instant deadline = Instant.now().plus(SNAPSHOT_WAIT);
    Instant[] readySince = {null};
    TaskExecutor.Cancellable[] poll = {null};
    poll[0] = executor.schedulePeriodically(BackgroundTask.of("wait for panes", Instant::now).onSuccess(now -> {
      boolean ready = !hosts.panes().isEmpty() && hosts.panes().stream().allMatch(p -> p.isConnected() && p.report().isPresent())
          && hosts.panes().stream().anyMatch(p -> !p.cards().isEmpty());
      if (ready && readySince[0] == null) {
        readySince[0] = now;
        long ms = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.printf("ferry: %d hosts connected, probed and listing containers, %.1f s after the JVM started%n",
            hosts.panes().size(), ms / 1000.0);
      }
      boolean settled = readySince[0] != null && now.isAfter(readySince[0].plus(SNAPSHOT_SETTLE));
      if (settled || now.isAfter(deadline)) {
        poll[0].cancel();
        if (!settled) {
          LOG.warn("snapshot: not every pane showed its containers within {} s; taking it anyway", SNAPSHOT_WAIT.toSeconds());
        }
        write(SceneSnapshot.of(stage.getScene()), file);
      }
    }), Duration.ofMillis(500));
  }

  private void snapshotConnectDialog(Path file) {
    if (main.ready().get()) {
      openSampleDialog(file);
    } else {
      main.ready().addListener((o, a, b) -> {
        if (b) {
          openSampleDialog(file);
        }
      });
    }
  }

  /** The About dialog, snapshotted once its licences are read and it has painted. */
  private void snapshotAboutDialog(Path file) {
    var pane = view.openAboutDialog().dialog().getDialogPane();
    later(3, () -> write(SceneSnapshot.of(pane.getScene()), file));
  }

  /** The connect dialog with input that shows the validation at work, snapshotted once it has painted. */
  private void openSampleDialog(Path file) {
    ConnectDialog d = view.openConnectDialog();
    var pane = d.dialog().getDialogPane();
    ((TextField) pane.lookup("#address")).setText("build-01.example.org");
    ((TextField) pane.lookup("#port")).setText("70000");
    ((TextField) pane.lookup("#key-file")).setText("~/.ssh/id_missing");
    later(3, () -> write(SceneSnapshot.of(pane.getScene()), file));
  }

  /** Runs {@code action} on the FX thread after {@code ticks} half-seconds, through the executor's timer. */
  private void later(int ticks, Runnable action) {
    int[] seen = {0};
    TaskExecutor.Cancellable[] handle = {null};
    handle[0] = executor.schedulePeriodically(BackgroundTask.of("wait", Instant::now).onSuccess(now -> {
      if (++seen[0] > ticks && handle[0] != null) {
        handle[0].cancel();
        handle[0] = null;
        action.run();
      }
    }), Duration.ofMillis(500));
  }

  private void write(SceneSnapshot shot, Path file) {
    executor.execute(BackgroundTask.of("write " + file, () -> shot.writePng(file)).onSuccess(p -> {
      LOG.info("wrote {} ({}x{})", p, shot.width(), shot.height());
      System.out.println("ferry: wrote " + p);
      pendingSnapshots--;
      if (options.exitAfterSnapshot() && pendingSnapshots == 0) {
        Platform.exit();
      }
    }).onFailure(e -> LOG.error("snapshot failed: {}", e.getMessage())));
  }

  /** For tests: the pane of a host, once it is shown. */
  public HostPaneViewModel pane(String host) {
    return hosts.panes().stream().filter(p -> p.name().equals(host)).findFirst().orElse(null);
  }

  @Override
  public void stop() {
    // Stopping streams and closing sessions talks to the hosts: off the FX thread, like all engine work.
    HostsViewModel h = hosts;
    EngineHosts e = engineHosts;
    EngineThreads t = threads;
    if (executor != null) {
      executor.closeAfter("shut down the engine", () -> {
        if (h != null) {
          h.close();
        }
        if (e != null) {
          e.close();
        }
        if (t != null) {
          t.close();
        }
      });
    }
  }
}
