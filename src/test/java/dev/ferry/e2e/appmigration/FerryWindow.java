package dev.ferry.e2e.appmigration;

import dev.ferry.app.hosts.ContainerCardView;
import dev.ferry.app.migration.MigrationFeature;
import dev.ferry.e2e.app.support.AppUnderTest;
import dev.ferry.e2e.lab.Lab;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ferry's real main window on the lab, for the migration tests: started through FerryApp with the
 * lab's ssh config and every host of this run's lab, reports in a folder of the test's own, and helpers that wait
 * for what a person would wait for (a card in a pane, the sheet's checks, its end).
 */
final class FerryWindow implements AutoCloseable {
  private final AppUnderTest app;
  private final Stage stage;
  final FxRobot robot;

  private final SaveAnswers saves;

  private FerryWindow(AppUnderTest app, SaveAnswers saves) {
    this.app = app;
    this.saves = saves;
    this.stage = (Stage) AppUnderTest.fx(() -> app.app().mainView().getScene().getWindow());
    this.robot = app.robot();
  }

  /**
   * Ferry with the lab's ssh config and every host this run's lab has (ferry-a and ferry-b, and
   * ferry-c with {@code --hosts 3}), its config and reports in a folder of this run's own.
   */
  static FerryWindow open(Lab lab) throws Exception {
    return open(lab, java.nio.file.Files.createTempDirectory("ferry-app-e2e"));
  }

  /** The same in {@code home}, whose config/ and reports/ the test may have filled. */
  static FerryWindow open(Lab lab, java.nio.file.Path home) throws Exception {
    SaveAnswers saves = new SaveAnswers();
    FerryWindow w = new FerryWindow(AppUnderTest.start(home, List.of(lab.sshConfig()), Lab.expectedHostNames(), false, saves), saves);
    w.awaitCard("ferry-a", "counter");
    for (String other : Lab.expectedHostNames()) {
      w.awaitConnected(other);
    }
    return w;
  }

  /** Moves the window to the screen's top-left corner, so that screenshots and pointer drags see all of it. */
  void atOrigin() {
    robot.interact(() -> {
      stage.setX(0);
      stage.setY(0);
    });
  }

  MigrationFeature migration() {
    return MigrationFeature.of(stage).orElseThrow(() -> new AssertionError("the main window has no migration feature"));
  }

  Stage stage() {
    return stage;
  }

  /** Waits until {@code host}'s pane shows a real (not ghost, not migrating) card for {@code ct}. */
  void awaitCard(String host, String ct) throws TimeoutException {
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> card(host, ct).map(c -> c.viewModel() != null && !c.viewModel().ghost()
        && !c.viewModel().migrating().get()).orElse(false));
  }

  /** Waits until {@code host}'s pane says it is connected. */
  void awaitConnected(String host) throws TimeoutException {
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#connection-" + host).tryQueryAs(Label.class)
        .map(l -> "connected".equals(l.getText())).orElse(false));
  }

  void awaitNoCard(String host, String ct) throws TimeoutException {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> card(host, ct).isEmpty());
  }

  /** The card on screen for {@code ct} in {@code host}'s pane, to drag: a reused cell off screen may carry the same id. */
  ContainerCardView shownCard(String host, String ct) {
    return card(host, ct).orElseThrow(() -> new AssertionError("no card of " + ct + " shown in " + host + "'s pane"));
  }

  /**
   * Where to take hold of that card for a drag, on screen: its name row, which shows even when the
   * pane is short and the card's middle is below the cards' viewport. Taken on the FX thread as a
   * fixed point, since the grid may hand the card view to another cell between lookup and press.
   */
  javafx.geometry.Point2D grip(String host, String ct) throws Exception {
    // Shown and laid out: a card given its size in the next layout pass would put the grip on its corner.
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> card(host, ct).map(c -> c.getWidth() > 0 && c.getHeight() > 0).orElse(false));
    return WaitForAsyncUtils.asyncFx(() -> {
      ContainerCardView c = shownCard(host, ct);
      javafx.geometry.Bounds b = c.localToScreen(c.getBoundsInLocal());
      return new javafx.geometry.Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + 12);
    }).get(10, TimeUnit.SECONDS);
  }

  Optional<ContainerCardView> card(String host, String ct) {
    // Cards are reused list cells: only one that is shown (it and every parent visible) counts.
    return robot.lookup("#card-" + host + "-" + ct).match(FerryWindow::shown).tryQueryAs(ContainerCardView.class);
  }

  /** Waits until the open sheet's fresh checks are in, then returns whether Migrate is enabled. */
  boolean awaitChecks() throws TimeoutException {
    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#sheet-stage").tryQueryAs(Label.class)
        .map(l -> !l.getText().startsWith("Running")).orElse(false));
    return !robot.lookup("#migrate-button").queryAs(Button.class).isDisabled();
  }

  /** Waits until the open sheet shows the migration's end; returns the headline. */
  String awaitEnd() throws TimeoutException {
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#close-button").tryQueryAs(Button.class)
        .map(Button::isVisible).orElse(false));
    return text("#headline");
  }

  /**
   * Picks a strategy in the open sheet. Fired rather than clicked: below a long checklist the option
   * may be scrolled out of view, where a click cannot reach it.
   */
  void chooseStrategy(String label) {
    javafx.scene.control.RadioButton r = robot.lookup("#strategy-" + label).queryAs(javafx.scene.control.RadioButton.class);
    if (r.isDisabled()) {
      throw new AssertionError("the sheet greys " + label + ": the hosts cannot do it");
    }
    robot.interact(r::fire);
  }

  /** Presses Migrate in the open sheet (fired: the screenshot runs move the sheet, which a robot click may miss). */
  void fireMigrate() {
    Button b = robot.lookup("#migrate-button").queryAs(Button.class);
    if (b.isDisabled()) {
      throw new AssertionError("Migrate is disabled: " + robot.lookup("#sheet-stage").queryAs(Label.class).getText());
    }
    robot.interact(b::fire);
  }

  /** Opens {@code ct}'s card menu in {@code host}'s pane and fires the item with that id. */
  void cardMenu(String host, String ct, String itemId) throws Exception {
    awaitCard(host, ct);
    // One FX call: between two, a listing refresh may hand the card view to another container and hide its menu.
    String problem = AppUnderTest.fx(() -> {
      shownCard(host, ct).showMenu();
      return fireShownMenuItem(itemId, ct + "'s card");
    });
    if (!problem.isEmpty()) {
      throw new AssertionError(problem);
    }
  }

  /**
   * Opens the context menu of {@code css} (a chart) as a right-click over its middle does, and fires the
   * menu item with that id. The request is sent as the platform sends it: Monocle turns no mouse button
   * into a context-menu request, so a robot's right-click would open nothing here.
   */
  void chartMenu(String css, String itemId) throws Exception {
    Node node = robot.lookup(css).query();
    String problem = AppUnderTest.fx(() -> {
      javafx.geometry.Bounds b = node.localToScreen(node.getBoundsInLocal());
      javafx.geometry.Point2D at = node.screenToLocal(b.getCenterX(), b.getCenterY());
      node.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, at.getX(), at.getY(),
          b.getCenterX(), b.getCenterY(), false, null));
      return fireShownMenuItem(itemId, css + "'s context menu");
    });
    if (!problem.isEmpty()) {
      throw new AssertionError(problem);
    }
  }

  /** Fires the item {@code itemId} of the context menu showing now and hides the menu; says what went wrong, "" if nothing. FX thread. */
  private static String fireShownMenuItem(String itemId, String where) {
    javafx.scene.control.MenuItem item = javafx.stage.Window.getWindows().stream()
        .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing())
        .flatMap(w -> ((javafx.scene.control.ContextMenu) w).getItems().stream()).filter(i -> itemId.equals(i.getId())).findFirst()
        .orElse(null);
    javafx.stage.Window.getWindows().stream().filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).toList()
        .forEach(javafx.stage.Window::hide);
    if (item == null) {
      return "no menu item #" + itemId + " in " + where;
    }
    if (item.isDisable()) {
      return "#" + itemId + " is disabled";
    }
    item.fire();
    return "";
  }

  /** The scene of the open window whose root holds {@code css}. */
  javafx.scene.Scene sceneWith(String css) {
    return AppUnderTest.fx(() -> findScene(css));
  }

  private static javafx.scene.Scene findScene(String css) {
    return javafx.stage.Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
        && w.getScene().lookup(css) != null).map(javafx.stage.Window::getScene).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no window shows " + css));
  }

  /** A node of the open window whose root holds {@code css}, looked up there. */
  <T extends Node> T inWindow(String css, Class<T> type) {
    return type.cast(AppUnderTest.fx(() -> findScene(css).lookup(css)));
  }

  String text(String query) {
    return robot.lookup(query).queryAs(Label.class).getText();
  }

  /**
   * The verdict {@code host}'s pane shows while a dragged card is over it. The drag's entered event may
   * reach the pane after the pointer's move returns, on a busy machine: waits for it (up to 10 s), then
   * returns whatever the label says ("" if the pane never heard the drag, which the caller's check shows).
   */
  String verdictWhileOver(String host) {
    String query = "#verdict-" + host;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int nudge = 1;
    while (System.nanoTime() < deadline) {
      try {
        WaitForAsyncUtils.waitFor(500, TimeUnit.MILLISECONDS, () -> robot.lookup(query).tryQueryAs(Label.class)
            .map(l -> l.isVisible() && !l.getText().isEmpty()).orElse(false));
        break;
      } catch (TimeoutException e) {
        // JavaFX tells a pane of a drag only as the pointer moves over it: one that reached the pane before the drag
        // had been detected (a busy FX thread) says nothing until it moves again, as a hand holding a card does.
        robot.moveBy(nudge, 0);
        nudge = -nudge;
      }
    }
    // The label's text, empty or not, is the answer; the caller's assertion says what was expected.
    return text(query);
  }

  /**
   * What the person answers to the next save dialog (the export's file), and what that dialog
   * suggested: the exports ask through this, since no robot can drive the platform's save dialog.
   */
  SaveAnswers saves() {
    return saves;
  }

  /** Answers to save dialogs, given before the export is asked for; records each question's suggested name. */
  static final class SaveAnswers implements dev.ferry.app.main.SaveAsQuestion {
    private final java.util.concurrent.BlockingQueue<java.nio.file.Path> answers = new java.util.concurrent.LinkedBlockingQueue<>();
    private final List<String> suggested = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The next save dialog is answered with {@code file}. */
    void next(java.nio.file.Path file) {
      answers.add(file);
    }

    /** The names the save dialogs suggested, in order. */
    List<String> suggested() {
      return List.copyOf(suggested);
    }

    @Override
    public Optional<java.nio.file.Path> ask(javafx.stage.Window owner, String suggestedName, String kind, String pattern) {
      suggested.add(suggestedName);
      // No answer given: the person cancelled.
      return Optional.ofNullable(answers.poll());
    }
  }

  TableView<?> historyTable() {
    return robot.lookup("#history-table").queryAs(TableView.class);
  }

  void closeSheet() {
    robot.lookup("#close-button").tryQueryAs(Button.class).ifPresent(b -> robot.interact(b::fire));
    robot.lookup("#cancel-button").tryQueryAs(Button.class).filter(Node::isVisible).ifPresent(b -> robot.interact(b::fire));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Override
  public void close() throws Exception {
    app.close();
  }

  private static boolean shown(javafx.scene.Node n) {
    for (javafx.scene.Node at = n; at != null; at = at.getParent()) {
      if (!at.isVisible()) {
        return false;
      }
    }
    return n.getScene() != null;
  }
}
