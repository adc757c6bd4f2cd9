package dev.ferry.app.main;

import dev.ferry.app.about.AboutDialog;
import dev.ferry.app.connect.ConnectDialog;
import dev.ferry.app.hosts.HostPaneView;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.theme.PresentationViewModel;
import dev.ferry.app.theme.ThemeChoice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;

/**
 * The main window: toolbar (add host, demo lab, theme, About), host panes side by side in a resizable split
 * that scrolls sideways when they do not fit, the migration history below, and a status line.
 * Ctrl+1 … Ctrl+9 put the keyboard focus on the first card of pane 1 … 9; F5 toggles presentation mode,
 * whose stylesheet is layered over the theme on every window of the app while it is on.
 */
public final class MainView extends BorderPane {
  /** Narrower than this a pane's meters and cards stop being readable; past it the split scrolls. */
  static final double PANE_MIN_WIDTH = 400;

  private final MainViewModel vm;
  private final SplitPane panes = new SplitPane();
  private final Map<HostPaneViewModel, HostPaneView> paneViews = new HashMap<>();

  public MainView(MainViewModel vm, Node history) {
    this(vm, history, null);
  }

  /** {@code overCenter}, when given, lies over the middle of the window (presentation mode's big freeze stopwatch). */
  public MainView(MainViewModel vm, Node history, Node overCenter) {
    this.vm = vm;
    getStyleClass().add("main-view");
    setTop(new javafx.scene.layout.VBox(toolbar(), setAsideBanner()));
    panes.setOrientation(Orientation.HORIZONTAL);
    panes.setId("host-panes");
    panes.minWidthProperty().bind(Bindings.size(vm.hosts().panes()).multiply(PANE_MIN_WIDTH));
    ScrollPane scroll = new ScrollPane(panes);
    scroll.setId("host-scroll");
    scroll.setFitToHeight(true);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    // The skin caches its viewport as one picture, of every pane, those scrolled out of view too, and
    // redraws it whenever a meter changes (each second). Without it the renderer's share of a core fell
    // from 33 % to 28 % (bench/app-results.md, runs 16-19).
    scroll.skinProperty().addListener((o, a, skin) -> {
      Node viewport = scroll.lookup(".viewport");
      if (viewport != null) {
        viewport.setCache(false);
      }
    });
    Label empty = new Label("No hosts yet. Add one, or open the demo lab, from the toolbar.");
    empty.getStyleClass().add("empty-hint");
    empty.visibleProperty().bind(Bindings.isEmpty(vm.hosts().panes()));
    empty.setMouseTransparent(true);
    StackPane hostArea = new StackPane(scroll, empty);
    SplitPane vertical = new SplitPane(hostArea, history);
    vertical.setOrientation(Orientation.VERTICAL);
    vertical.setDividerPositions(0.72);
    SplitPane.setResizableWithParent(history, false);
    setCenter(overCenter == null ? vertical : new StackPane(vertical, overCenter));
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(vm.status());
    status.getStyleClass().add("status-line");
    setBottom(status);
    vm.hosts().panes().addListener((ListChangeListener<HostPaneViewModel>) c -> syncPanes());
    syncPanes();
    vm.askToConnect().addListener((o, a, b) -> {
      if (b) {
        openConnectDialog();
      }
    });
    sceneProperty().addListener((o, a, scene) -> {
      if (scene != null) {
        for (int i = 1; i <= 9; i++) {
          int index = i - 1;
          scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i)), KeyCombination.SHORTCUT_DOWN),
              () -> focusPane(index));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::openAboutDialog);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm.presentation()::toggle);
      }
    });
    vm.presentation().on().addListener((o, a, on) -> Window.getWindows().forEach(w -> presentation(w, on)));
    Window.getWindows().addListener((ListChangeListener<Window>) c -> {
      while (c.next()) {
        c.getAddedSubList().forEach(w -> presentation(w, vm.presentation().on().get()));
      }
    });
    vm.theme().stylesheet().addListener((o, a, b) -> Application.setUserAgentStylesheet(b));
    Application.setUserAgentStylesheet(vm.theme().stylesheet().get());
  }

  private ToolBar toolbar() {
    Button add = new Button("Add host…");
    add.setId("add-host");
    add.disableProperty().bind(vm.ready().not());
    add.setOnAction(e -> openConnectDialog());
    Button lab = new Button("Demo lab");
    lab.setId("demo-lab");
    lab.disableProperty().bind(vm.ready().not());
    lab.setTooltip(new Tooltip("Show the hosts of the running demo lab (./ferry lab up)"));
    lab.setOnAction(e -> vm.demoLab());
    ChoiceBox<ThemeChoice> theme = new ChoiceBox<>();
    theme.setId("theme");
    theme.getItems().setAll(ThemeChoice.values());
    theme.valueProperty().bindBidirectional(vm.theme().choice());
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(vm.theme().systemSays());
    theme.setTooltip(tip);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Label title = new Label("Ferry");
    title.getStyleClass().add("app-title");
    ToggleButton presentation = new ToggleButton("Presentation");
    presentation.setId("presentation");
    presentation.setTooltip(new Tooltip("Large type, high contrast and a big freeze stopwatch, for a projector (F5)"));
    presentation.selectedProperty().bindBidirectional(vm.presentation().on());
    Button about = new Button("About");
    about.setId("about");
    about.setTooltip(new Tooltip("Ferry's version, what hosts need, and the licences (F1)"));
    about.setOnAction(e -> openAboutDialog());
    return new ToolBar(title, add, lab, spacer, new Label("Theme"), theme, presentation, about);
  }

  /** Files that could not be read at start and were set aside, each named, until dismissed. */
  private Node setAsideBanner() {
    Label text = new Label();
    text.setId("set-aside");
    text.setWrapText(true);
    text.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", vm.setAside()), vm.setAside()));
    HBox.setHgrow(text, Priority.ALWAYS);
    text.setMaxWidth(Double.MAX_VALUE);
    Button dismiss = new Button("Dismiss");
    dismiss.setId("dismiss-set-aside");
    dismiss.setOnAction(e -> vm.dismissSetAside());
    HBox banner = new HBox(10, text, dismiss);
    banner.getStyleClass().add("set-aside-banner");
    banner.visibleProperty().bind(Bindings.isNotEmpty(vm.setAside()));
    banner.managedProperty().bind(banner.visibleProperty());
    return banner;
  }

  /** Opens the connect dialog; the chosen host is shown and remembered. */
  public ConnectDialog openConnectDialog() {
    ConnectDialog d = new ConnectDialog(getScene() == null ? null : getScene().getWindow(), vm.connectViewModel());
    d.show(vm::connect);
    return d;
  }

  /** Opens the About dialog: version, what hosts need, licences. */
  public AboutDialog openAboutDialog() {
    return AboutDialog.show(getScene() == null ? null : getScene().getWindow(), vm.about());
  }

  /** Layers presentation mode's stylesheet over a window's own, or takes it off; its panes' cards grow with the type. */
  private void presentation(Window w, boolean on) {
    if (w.getScene() != null) {
      var sheets = w.getScene().getStylesheets();
      sheets.remove(PresentationViewModel.STYLESHEET);
      if (on) {
        sheets.add(PresentationViewModel.STYLESHEET);
      }
    }
    if (w.getScene() != null && w.getScene().getRoot() == this) {
      paneViews.values().forEach(p -> p.scaleCards(on ? PresentationViewModel.CARD_SCALE : 1));
    }
  }

  private void syncPanes() {
    List<HostPaneViewModel> now = List.copyOf(vm.hosts().panes());
    paneViews.keySet().retainAll(now);
    panes.getItems().setAll(now.stream()
        .map(p -> (Node) paneViews.computeIfAbsent(p, k -> newPane(k))).toList());
    if (!now.isEmpty()) {
      double[] even = new double[now.size() - 1];
      for (int i = 0; i < even.length; i++) {
        even[i] = (i + 1.0) / now.size();
      }
      panes.setDividerPositions(even);
    }
  }

  private HostPaneView newPane(HostPaneViewModel p) {
    HostPaneView v = new HostPaneView(p, () -> vm.hosts().retry(p.name()));
    v.scaleCards(vm.presentation().on().get() ? PresentationViewModel.CARD_SCALE : 1);
    return v;
  }

  private void focusPane(int index) {
    List<HostPaneViewModel> now = vm.hosts().panes();
    if (index < now.size()) {
      paneViews.get(now.get(index)).focusFirstCard();
    }
  }
}
