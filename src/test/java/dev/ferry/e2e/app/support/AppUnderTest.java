package dev.ferry.e2e.app.support;

import dev.ferry.app.AppOptions;
import dev.ferry.app.FerryApp;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.main.SaveAsQuestion;
import dev.ferry.app.main.SceneSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Ferry app, composed exactly as {@code ./ferry demo} composes it, started headless for an
 * end-to-end test with its own config and report folders, so nothing of the user's is read or
 * written. Shared test support for the app's lab tests (hosts, connecting, migration): start it, wait
 * for what the window shows, look things up, snapshot a scene to a PNG.
 */
public final class AppUnderTest implements AutoCloseable {
  private final FerryApp app;
  private final Path home;
  private final FxRobot robot = new FxRobot();

  private AppUnderTest(FerryApp app, Path home) {
    this.app = app;
    this.home = home;
  }

  /**
   * Starts Ferry reading only {@code sshConfigs}, showing {@code hosts} (names in those configs) at
   * once, and the lab's hosts too if {@code lab}.
   */
  public static AppUnderTest start(List<Path> sshConfigs, List<String> hosts, boolean lab) throws Exception {
    return start(Files.createTempDirectory("ferry-app-e2e"), sshConfigs, hosts, lab);
  }

  /** The same, in {@code home}, whose config/ and reports/ a test may have filled beforehand. */
  public static AppUnderTest start(Path home, List<Path> sshConfigs, List<String> hosts, boolean lab) throws Exception {
    return start(home, sshConfigs, hosts, lab, SaveAsQuestion.platformDialog());
  }

  /** The same, with exports saved where {@code saveAs} answers instead of the platform's save dialog, which no robot can drive. */
  public static AppUnderTest start(Path home, List<Path> sshConfigs, List<String> hosts, boolean lab, SaveAsQuestion saveAs) throws Exception {
    AppOptions options = new AppOptions(sshConfigs, hosts, lab, false, home.resolve("config"), Optional.of(home.resolve("reports")),
        Optional.empty(), Optional.empty(), Optional.empty(), false);
    FxToolkit.registerPrimaryStage();
    FerryApp app = (FerryApp) FxToolkit.setupApplication(() -> new FerryApp(options, saveAs));
    return new AppUnderTest(app, home);
  }

  public FerryApp app() {
    return app;
  }

  public FxRobot robot() {
    return robot;
  }

  /** This run's own folder: config/ (remembered hosts) and reports/ (migration reports). */
  public Path home() {
    return home;
  }

  /** The host's pane once the window shows it. */
  public HostPaneViewModel pane(String host, Duration timeout) throws TimeoutException {
    return waitFor("a pane for " + host, timeout, () -> app.pane(host));
  }

  /** Polls {@code probe} on the FX thread until it returns non-null and non-false, or fails after {@code timeout}. */
  public <T> T waitFor(String what, Duration timeout, Callable<T> probe) throws TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    Object[] last = {null};
    while (System.nanoTime() < end) {
      T value = fx(probe);
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      last[0] = value;
      WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    }
    throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
  }

  /** A window showing now whose scene holds a node matching {@code css}, e.g. a dialog. */
  public Optional<Window> windowWith(String css) {
    return fx(() -> Window.getWindows().stream()
        .filter(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup(css) != null).findFirst());
  }

  /** Writes a PNG of {@code scene} (taken on the FX thread) to {@code file}. */
  public static Path snapshot(Scene scene, Path file) {
    return fx(() -> SceneSnapshot.of(scene)).writePng(file);
  }

  /** Writes a PNG of the main window. */
  public Path snapshotMainWindow(Path file) {
    Stage stage = (Stage) app.mainView().getScene().getWindow();
    return snapshot(stage.getScene(), file);
  }

  /** Runs {@code work} on the FX thread and returns its result (bounded: 30 s). */
  public static <T> T fx(Callable<T> work) {
    try {
      return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(work));
    } catch (Exception e) {
      throw new IllegalStateException("on the FX thread: " + e, e);
    }
  }

  @Override
  public void close() throws Exception {
    // Dialogs first, while the engine still runs: an unanswered question (say, a host key asked again on a
    // reconnect) is answered Cancel and its engine thread finishes before the engine's threads are stopped.
    fx(() -> {
      List.copyOf(Window.getWindows()).forEach(w -> {
        if (w instanceof Stage s && s.getOwner() != null) {
          s.close();
        }
      });
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
    FxToolkit.cleanupApplication(app);
  }
}
