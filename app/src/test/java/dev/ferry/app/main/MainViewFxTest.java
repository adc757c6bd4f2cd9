package dev.ferry.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.connect.RememberedHostsStore;
import dev.ferry.app.hosts.HostCatalog;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.app.migration.MigrationPort;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.app.theme.ThemeViewModel;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.ssh.SshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window with three hosts whose engine side is a pure-logic fake (the lab tests in src/test
 * cover the real one): the theme switch and "Move to" from the keyboard.
 */
@ExtendWith(ApplicationExtension.class)
class MainViewFxTest {
  private final List<String> moves = new ArrayList<>();
  private ThemeViewModel theme;

  /** Takes the counter on ferry-b, refuses ferry-c for its CRIU. */
  private final MigrationPort port = new MigrationPort() {
    private final ObservableList<InFlight> none = FXCollections.observableArrayList();

    @Override
    public DropVerdict verdict(ContainerRef container, String targetHost) {
      return targetHost.equals("ferry-c") ? DropVerdict.refuse("no CRIU 4.2") : DropVerdict.accept("");
    }

    @Override
    public void requestMove(ContainerRef container, String targetHost) {
      moves.add(container.name() + " -> " + targetHost);
    }

    @Override
    public ObservableList<InFlight> inFlight() {
      return none;
    }
  };

  private final HostCatalog catalog = new HostCatalog() {
    @Override
    public List<String> names() {
      return List.of("ferry-a", "ferry-b", "ferry-c");
    }

    @Override
    public List<String> labNames() {
      return names();
    }

    @Override
    public HostsViewModel.Link open(HostSpec spec, HostPaneViewModel pane) {
      return new HostsViewModel.Link() {
        @Override
        public String address() {
          return "root@127.0.0.1:22";
        }

        @Override
        public void start() {
          pane.connected();
          if (spec.name().equals("ferry-a")) {
            pane.containersListed(List.of(new ContainerInfo("counter", "runc", ContainerState.RUNNING, 7, "", "", Instant.now(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty())));
          }
        }

        @Override
        public SshHost session() {
          throw new UnsupportedOperationException("no engine in this view test");
        }

        @Override
        public void close() {}
      };
    }
  };

  @Start
  void start(Stage stage) throws Exception {
    CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    HostsViewModel hosts = new HostsViewModel(executor);
    hosts.setMigrationPort(port);
    theme = new ThemeViewModel();
    Path config = Files.createTempDirectory("ferry-view-test");
    MainViewModel main = new MainViewModel(executor, () -> catalog, new RememberedHostsStore(config), hosts, theme);
    MainView view = new MainView(main, new StackPane());
    stage.setScene(new Scene(view, 1300, 700));
    stage.show();
    main.demoLab();
    main.start(List.of(), true, false);
  }

  @Test
  void theThemeSwitchChangesTheStylesheetBetweenPrimerLightAndDark(FxRobot robot) {
    robot.clickOn("#theme");
    robot.clickOn("Dark");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeViewModel.DARK);
    robot.clickOn("#theme");
    robot.clickOn("Light");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeViewModel.LIGHT);
  }

  @Test
  void presentationModeLayersItsStylesheetOverTheThemeAndComesOffAgain(FxRobot robot) {
    javafx.scene.control.Label status = robot.lookup("#status").queryAs(javafx.scene.control.Label.class);
    double normal = status.getFont().getSize();
    double cardWidth = robot.lookup("#card-ferry-a-counter").queryAs(javafx.scene.layout.Region.class).getWidth();
    String themeSheet = Application.getUserAgentStylesheet();

    robot.clickOn("#presentation");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getScene().getStylesheets()).contains(dev.ferry.app.theme.PresentationViewModel.STYLESHEET);
    assertThat(status.getFont().getSize()).as("18 pt is 24 px").isCloseTo(24.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(robot.lookup("#card-ferry-a-counter").queryAs(javafx.scene.layout.Region.class).getWidth())
        .as("cards grow with the type").isGreaterThan(cardWidth * 1.5);
    assertThat(Application.getUserAgentStylesheet()).as("the theme stays underneath").isEqualTo(themeSheet);

    // F5 is the shortcut: it takes the mode off again.
    robot.type(KeyCode.F5);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getScene().getStylesheets()).doesNotContain(dev.ferry.app.theme.PresentationViewModel.STYLESHEET);
    assertThat(status.getFont().getSize()).isEqualTo(normal);
    assertThat(robot.lookup("#presentation").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isFalse();
    robot.type(KeyCode.F5);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getFont().getSize()).isCloseTo(24.0, org.assertj.core.data.Offset.offset(0.5));
    robot.clickOn("#presentation");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getFont().getSize()).isEqualTo(normal);
  }

  @Test
  void moveToIsReachableFromTheKeyboardAndReachesTheMigrationPort(FxRobot robot) {
    // Ctrl+1 focuses the first card of the first pane; Shift+F10 opens its menu.
    robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#card-ferry-a-counter").query().isFocused()).isTrue();
    robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
    WaitForAsyncUtils.waitForFxEvents();
    ContextMenu menu = openContextMenu();
    Menu moveTo = (Menu) menu.getItems().get(0);
    assertThat(menu.getItems()).extracting(MenuItem::getText).contains("Checkpoint now…", "Checkpoints");
    assertThat(moveTo.getItems()).extracting(MenuItem::getText, MenuItem::isDisable).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ferry-b", false), org.assertj.core.groups.Tuple.tuple("ferry-c — no CRIU 4.2", true));
    // The menu opens with "Move to" focused: RIGHT opens it, ENTER takes its first host.
    robot.type(KeyCode.RIGHT);
    WaitForAsyncUtils.waitForFxEvents();
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(moves).containsExactly("counter -> ferry-b");
  }

  @Test
  void panesKeepAReadableWidthAndTheRowScrollsSidewaysWhenTheyDoNotFit(FxRobot robot) {
    javafx.scene.Node split = robot.lookup("#host-panes").query();
    robot.interact(() -> split.getScene().getWindow().setWidth(900));
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.ScrollPane scroll = robot.lookup("#host-scroll").queryAs(javafx.scene.control.ScrollPane.class);
    assertThat(split.getLayoutBounds().getWidth()).isGreaterThanOrEqualTo(3 * MainView.PANE_MIN_WIDTH);
    assertThat(scroll.getViewportBounds().getWidth()).isLessThan(split.getLayoutBounds().getWidth());
    robot.interact(() -> split.getScene().getWindow().setWidth(1300));
  }

  private static ContextMenu openContextMenu() {
    return Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing()).map(w -> (ContextMenu) w)
        .findFirst().orElseThrow(() -> new AssertionError("no context menu is showing"));
  }
}
