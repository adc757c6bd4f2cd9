package dev.ferry.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.Reports;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The history on screen: a chart's right-click menu and the CSV button ask where to save, and write there. */
@ExtendWith(ApplicationExtension.class)
class HistoryViewFxTest {
  @TempDir
  static Path dir;

  private final List<String> asked = new ArrayList<>();
  private Path answer;

  @Start
  void start(Stage stage) {
    ReportStore store = new ReportStore(dir.resolve("reports"));
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY));
    HistoryViewModel vm = new HistoryViewModel(store, new CurrentThreadTaskExecutor(), ZoneOffset.UTC);
    vm.load();
    HistoryView view = new HistoryView(vm, (owner, name, kind, pattern) -> {
      asked.add(name + " " + kind + " " + pattern);
      return Optional.ofNullable(answer);
    });
    stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1200, 500));
    stage.show();
  }

  @Test
  void rightClickingAChartOffersPngAndSvgAndTheSvgIsWrittenWhereTheSaveQuestionAnswered(FxRobot robot) throws Exception {
    answer = dir.resolve("frozen.svg");
    requestMenu(robot.lookup("#freeze-history").query());
    MenuItem svg = shownMenuItem("export-svg-frozen-time");
    assertThat(shownMenuItem("export-png-frozen-time").getText()).isEqualTo("Export as PNG…");
    robot.interact(svg::fire);
    assertThat(asked).containsExactly("frozen-time.svg SVG image *.svg");
    assertThat(Files.readString(answer)).startsWith("<?xml").contains("<title>#1 counter, stop-and-copy: ");
  }

  @Test
  void aCancelledSaveWritesNothing(FxRobot robot) throws Exception {
    answer = null;
    robot.interact(() -> robot.lookup("#export-csv").queryButton().fire());
    assertThat(asked).containsExactly("ferry-history.csv CSV *.csv");
    try (var files = Files.walk(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".csv"));
    }
    assertThat(robot.lookup("#history-status").queryLabeled().getText()).doesNotContain("Wrote");
  }

  /** A right-click's request, as the platform sends it (Monocle makes none from a mouse button). */
  private static void requestMenu(javafx.scene.Node chart) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> {
      javafx.geometry.Bounds b = chart.localToScreen(chart.getBoundsInLocal());
      chart.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, b.getWidth() / 2,
          b.getHeight() / 2, b.getCenterX(), b.getCenterY(), false, null));
    }).get();
  }

  private static MenuItem shownMenuItem(String id) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing())
        .flatMap(w -> ((ContextMenu) w).getItems().stream()).filter(i -> id.equals(i.getId())).findFirst()
        .orElseThrow(() -> new AssertionError("no menu item #" + id + " showing"))).get();
  }
}
