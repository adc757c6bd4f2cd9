package dev.ferry.app.migration;

import dev.ferry.app.migration.MigrationEngine.StrategyOption;
import dev.ferry.app.migration.MigrationViewModel.Stage;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The sheet a drop opens: the fresh checklist, the strategy, Migrate and Cancel; then the migration's
 * timeline, throughput and freeze stopwatch; then the outcome with CRIU's words behind "Details".
 * A thin view: it binds to {@link MigrationViewModel} and forwards clicks.
 */
final class MigrationSheet {
  private final MigrationViewModel vm;
  private final javafx.stage.Stage stage = new javafx.stage.Stage();
  private final ToggleGroup strategyGroup = new ToggleGroup();
  private final AnimationTimer pulse;
  private final Button migrateButton = new Button("Migrate");
  private final Button closeButton = new Button("Close");

  MigrationSheet(MigrationViewModel vm, Window owner) {
    this.vm = vm;
    if (owner != null) {
      stage.initOwner(owner);
    }
    // Not modal: the panes stay usable, and show the card migrating, while the sheet is open.
    stage.initModality(Modality.NONE);
    stage.setTitle(vm.title());
    pulse = new AnimationTimer() {
      @Override
      public void handle(long now) {
        vm.tick();
      }
    };
    VBox content = new VBox(10, header(), checklist(), strategies(), progress(), outcome());
    content.setPadding(new Insets(16));
    ScrollPane scroll = new ScrollPane(content);
    scroll.setFitToWidth(true);
    // The buttons stay in view below the scrolling content, however long the checklist.
    Region buttons = buttons();
    buttons.setPadding(new Insets(10, 16, 12, 16));
    javafx.scene.layout.BorderPane root = new javafx.scene.layout.BorderPane(scroll);
    root.setBottom(buttons);
    root.setId("migration-sheet");
    stage.setScene(new Scene(root, 680, 760));
    // Keyboard: Enter migrates once the checks allow it, and closes once it ended.
    vm.stageProperty().addListener((obs, was, now) -> {
      if (now == Stage.READY) {
        stage.requestFocus();
        migrateButton.requestFocus();
      } else if (now == Stage.DONE || now == Stage.FAILED) {
        stage.requestFocus();
        closeButton.requestFocus();
      }
    });
    stage.setOnShown(e -> pulse.start());
    stage.setOnHidden(e -> pulse.stop());
  }

  void show() {
    stage.show();
    stage.toFront();
    stage.requestFocus();
  }

  javafx.stage.Stage stage() {
    return stage;
  }

  private Region header() {
    Label title = new Label(vm.title());
    title.getStyleClass().add("title-3");
    Label state = new Label();
    state.setId("sheet-stage");
    state.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.stageProperty().get()) {
      case CHECKING -> "Running the pre-flight checks on both hosts...";
      case READY -> "Checks done: warnings do not block.";
      case BLOCKED -> "Failed checks block this move.";
      case CHECK_FAILED -> "The checks could not run.";
      case RUNNING -> "Migrating...";
      case DONE -> "Moved.";
      case FAILED -> "Not moved.";
    }, vm.stageProperty()));
    return new VBox(4, title, state);
  }

  private Region checklist() {
    VBox rows = new VBox(6);
    rows.setId("checklist");
    vm.checks().addListener((ListChangeListener<dev.ferry.engine.migration.PreflightCheck>) c -> {
      rows.getChildren().clear();
      for (var check : vm.checks()) {
        Label badge = new Label(switch (check.status()) {
          case PASS -> "pass";
          case WARN -> "warn";
          case FAIL -> "FAIL";
        });
        badge.getStyleClass().addAll("check-badge", switch (check.status()) {
          case PASS -> "success";
          case WARN -> "warning";
          case FAIL -> "danger";
        });
        badge.setMinWidth(44);
        Label name = new Label(check.name());
        name.getStyleClass().add("text-bold");
        name.setMinWidth(130);
        Label reason = new Label(check.reason());
        reason.setWrapText(true);
        HBox.setHgrow(reason, Priority.ALWAYS);
        HBox row = new HBox(8, badge, name, reason);
        row.getStyleClass().add("check-row");
        row.setUserData(check);
        rows.getChildren().add(row);
      }
    });
    TitledPane pane = new TitledPane("Pre-flight checklist (run fresh)", rows);
    pane.setAnimated(false);
    pane.expandedProperty().bind(beforeMigrating());
    pane.visibleProperty().bind(Bindings.isNotEmpty(vm.checks()));
    pane.managedProperty().bind(pane.visibleProperty());
    return pane;
  }

  private Region strategies() {
    VBox box = new VBox(6);
    Label auto = new Label();
    auto.setId("auto-choice");
    auto.setWrapText(true);
    auto.textProperty().bind(vm.autoChoiceProperty());
    box.getChildren().add(auto);
    VBox options = new VBox(4);
    box.getChildren().add(options);
    vm.strategies().addListener((ListChangeListener<StrategyOption>) c -> {
      options.getChildren().clear();
      for (StrategyOption o : vm.strategies()) {
        RadioButton r = new RadioButton(o.label());
        r.setId("strategy-" + o.label());
        r.setToggleGroup(strategyGroup);
        r.setUserData(o);
        r.setDisable(!o.possible());
        r.setSelected(o.equals(vm.selectedProperty().get()));
        Label why = new Label((o.possible() ? "" : "cannot: ") + o.why());
        why.setWrapText(true);
        why.getStyleClass().add(o.possible() ? "text-muted" : "danger");
        why.setPadding(new Insets(0, 0, 0, 24));
        options.getChildren().addAll(r, why);
      }
    });
    strategyGroup.selectedToggleProperty().addListener((obs, was, now) -> {
      if (now != null) {
        vm.selectedProperty().set((StrategyOption) now.getUserData());
      }
    });
    javafx.scene.control.TextField client = new javafx.scene.control.TextField();
    client.setId("client-address");
    client.setPromptText("ADDRESS:PORT of its service, e.g. 10.87.100.10:7000 (optional)");
    client.textProperty().bindBidirectional(vm.clientAddressProperty());
    javafx.scene.control.ChoiceBox<String> from = new javafx.scene.control.ChoiceBox<>(vm.clientHosts());
    from.setId("client-from");
    from.valueProperty().bindBidirectional(vm.clientFromProperty());
    HBox.setHgrow(client, Priority.ALWAYS);
    javafx.scene.control.TextField netns = new javafx.scene.control.TextField();
    netns.setId("client-netns");
    netns.setPromptText("in network namespace (optional), e.g. the lab's LAN: /var/lib/ferry-lab/ferry/router-netns");
    netns.textProperty().bindBidirectional(vm.clientNetnsProperty());
    Label clientError = new Label();
    clientError.setId("client-error");
    clientError.getStyleClass().add("field-error");
    clientError.setWrapText(true);
    clientError.textProperty().bind(vm.clientProblemProperty());
    clientError.visibleProperty().bind(vm.clientProblemProperty().isNotEmpty());
    clientError.managedProperty().bind(clientError.visibleProperty());
    Label clientWhat = new Label("What the client saw: during the move, a connection every 20 ms from the chosen host, each answer timed.");
    clientWhat.setWrapText(true);
    clientWhat.getStyleClass().add("text-muted");
    box.getChildren().addAll(new Separator(), clientWhat, new HBox(8, client, new Label("from"), from), netns, clientError);
    TitledPane pane = new TitledPane("Strategy", box);
    pane.setAnimated(false);
    pane.expandedProperty().bind(beforeMigrating());
    pane.visibleProperty().bind(Bindings.isNotEmpty(vm.strategies()));
    pane.managedProperty().bind(pane.visibleProperty());
    pane.disableProperty().bind(vm.stageProperty().isNotEqualTo(Stage.READY));
    return pane;
  }

  /** The checklist and the strategy fold away once the migration starts, leaving the room to the timeline. */
  private javafx.beans.binding.BooleanBinding beforeMigrating() {
    return Bindings.createBooleanBinding(() -> switch (vm.stageProperty().get()) {
      case CHECKING, READY, BLOCKED, CHECK_FAILED -> true;
      case RUNNING, DONE, FAILED -> false;
    }, vm.stageProperty());
  }

  private Region progress() {
    Label stopwatch = new Label();
    stopwatch.setId("stopwatch");
    stopwatch.getStyleClass().add("title-2");
    stopwatch.textProperty().bind(vm.stopwatch().text());
    Label stopwatchWhat = new Label("Freeze as this app saw it, from the first frozen phase to the resume; the engine's figure is in the outcome.");
    stopwatchWhat.setWrapText(true);
    stopwatchWhat.getStyleClass().add("text-muted");
    Label throughput = new Label();
    throughput.setId("throughput");
    throughput.setWrapText(true);
    throughput.textProperty().bind(Bindings.createStringBinding(() -> vm.throughputProperty().get().isEmpty() ? ""
        : "throughput (bytes a phase moved over its time): " + vm.throughputProperty().get(), vm.throughputProperty()));
    Label rounds = new Label();
    rounds.setId("rounds");
    rounds.textProperty().bind(vm.roundsProperty());
    PhaseTimeline timeline = new PhaseTimeline(vm.timeline());
    Label clientSaw = new Label();
    clientSaw.setId("client-saw");
    clientSaw.setWrapText(true);
    clientSaw.getStyleClass().add("title-4");
    clientSaw.textProperty().bind(vm.clientSawProperty());
    clientSaw.visibleProperty().bind(vm.clientSawProperty().isNotEmpty());
    clientSaw.managedProperty().bind(clientSaw.visibleProperty());
    VBox box = new VBox(8, stopwatch, clientSaw, stopwatchWhat, timeline.node(), throughput, rounds);
    box.visibleProperty().bind(vm.stageProperty().isEqualTo(Stage.RUNNING).or(vm.stageProperty().isEqualTo(Stage.DONE))
        .or(Bindings.isNotEmpty(vm.timeline())));
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private Region outcome() {
    Label headline = new Label();
    headline.setId("headline");
    headline.getStyleClass().add("title-4");
    headline.setWrapText(true);
    headline.textProperty().bind(vm.headlineProperty());
    Label explanation = new Label();
    explanation.setId("explanation");
    explanation.setWrapText(true);
    explanation.textProperty().bind(vm.explanationProperty());
    TextArea log = new TextArea();
    log.setId("details-log");
    log.setEditable(false);
    log.setWrapText(false);
    log.setPrefRowCount(8);
    log.textProperty().bind(vm.detailsProperty());
    TitledPane details = new TitledPane("Details (CRIU's log)", log);
    details.setId("details");
    details.setExpanded(false);
    details.visibleProperty().bind(vm.detailsProperty().isNotEmpty());
    details.managedProperty().bind(details.visibleProperty());
    VBox box = new VBox(6, new Separator(), headline, explanation, details);
    box.visibleProperty().bind(vm.headlineProperty().isNotEmpty());
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private Region buttons() {
    Button migrate = migrateButton;
    migrate.setId("migrate-button");
    migrate.setDefaultButton(true);
    migrate.getStyleClass().add("accent");
    migrate.disableProperty().bind(vm.canMigrateProperty().not());
    migrate.visibleProperty().bind(vm.stageProperty().isEqualTo(Stage.RUNNING).not()
        .and(vm.stageProperty().isNotEqualTo(Stage.DONE)).and(vm.stageProperty().isNotEqualTo(Stage.FAILED)));
    migrate.managedProperty().bind(migrate.visibleProperty());
    migrate.setOnAction(e -> vm.migrate());
    Button cancel = new Button("Cancel");
    cancel.setId("cancel-button");
    cancel.setCancelButton(true);
    cancel.disableProperty().bind(vm.stageProperty().isEqualTo(Stage.RUNNING).and(vm.canCancelMigrationProperty().not()));
    cancel.visibleProperty().bind(vm.stageProperty().isNotEqualTo(Stage.DONE).and(vm.stageProperty().isNotEqualTo(Stage.FAILED)));
    cancel.managedProperty().bind(cancel.visibleProperty());
    cancel.setOnAction(e -> {
      if (vm.stageProperty().get() == Stage.RUNNING) {
        vm.cancelMigration();
      } else {
        stage.close();
      }
    });
    Button close = closeButton;
    close.setId("close-button");
    close.visibleProperty().bind(vm.stageProperty().isEqualTo(Stage.DONE).or(vm.stageProperty().isEqualTo(Stage.FAILED)));
    close.managedProperty().bind(close.visibleProperty());
    // Enter closes the sheet once the migration ended, as Enter started it.
    close.defaultButtonProperty().bind(close.visibleProperty());
    close.setOnAction(e -> stage.close());
    HBox box = new HBox(8, cancel, migrate, close);
    box.setAlignment(Pos.CENTER_RIGHT);
    return box;
  }
}
