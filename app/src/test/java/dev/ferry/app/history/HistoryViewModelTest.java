package dev.ferry.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.Reports;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.MigrationReport.Outcome;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history read from a real report store in a temporary folder, as the CLI and the app both write it. */
class HistoryViewModelTest {
  @TempDir
  Path dir;

  private HistoryViewModel load(ReportStore store) {
    HistoryViewModel vm = new HistoryViewModel(store, new CurrentThreadTaskExecutor(), ZoneOffset.UTC);
    vm.load();
    return vm;
  }

  @Test
  void rowsComeFromTheStoreNewestFirstWithEveryColumn() {
    ReportStore store = new ReportStore(dir);
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY));
    store.save(Reports.migrated("m2", Instant.parse("2026-12-01T11:00:00Z"), Strategy.POST_COPY));

    HistoryViewModel vm = load(store);

    assertThat(vm.rows()).extracting(r -> r.report().id()).containsExactly("m2", "m1");
    HistoryRow newest = vm.rows().get(0);
    assertThat(List.of(newest.time(), newest.container(), newest.from(), newest.to(), newest.strategy(), newest.outcome()))
        .containsExactly("2026-12-01 11:00:00", "counter", "ferry-a", "ferry-b", "post-copy", "migrated");
    assertThat(newest.totalMillis()).isEqualTo(2500);
    assertThat(newest.frozenMillis()).isEqualTo(480);
    assertThat(newest.bytes()).isEqualTo(2_301_000);
    assertThat(vm.statusProperty().get()).startsWith("2 reports in " + dir);
  }

  @Test
  void onlyMovedContainersArePointsOnTheFreezeChartsNumberedInOrder() {
    ReportStore store = new ReportStore(dir);
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY));
    store.save(Reports.report("d1", Instant.parse("2026-12-01T10:30:00Z"), Strategy.POST_COPY, Outcome.CHECKED, List.of(), null));
    store.save(Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "restore failed", "try again", "criu said"));
    store.save(Reports.migrated("m2", Instant.parse("2026-12-01T11:00:00Z"), Strategy.POST_COPY));

    HistoryViewModel vm = load(store);

    assertThat(vm.rows()).hasSize(4);
    assertThat(vm.frozen()).extracting(FrozenPoint::label).containsExactly("#1 counter", "#2 counter");
    assertThat(vm.frozen()).extracting(FrozenPoint::strategy).containsExactly(Strategy.STOP_AND_COPY, Strategy.POST_COPY);
    assertThat(vm.frozen().get(0).freeze().freezeAndDumpMillis()).isEqualTo(120);
    assertThat(vm.frozen().get(0).freeze().restoreAndResumeMillis()).isEqualTo(290);
  }

  @Test
  void theBarsShowOnlyTheLastTwelveMoves() {
    ReportStore store = new ReportStore(dir);
    for (int i = 0; i < 15; i++) {
      store.save(Reports.migrated("m" + i, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * i), Strategy.STOP_AND_COPY));
    }

    HistoryViewModel vm = load(store);

    assertThat(vm.frozen()).hasSize(15);
    assertThat(vm.recentBars()).extracting(FrozenPoint::number).containsExactly(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  }

  @Test
  void selectingARowShowsItsReportWithTheFreezeBreakdownAndFailure() {
    ReportStore store = new ReportStore(dir);
    store.save(Reports.failed(Outcome.ROLLED_BACK, Phase.RESTORE, "CRIU could not restore counter on ferry-b", "It runs on ferry-a again.",
        "Error (criu/cr-restore.c:2000): Can't open core-1.img"));
    HistoryViewModel vm = load(store);

    vm.selectedProperty().set(vm.rows().get(0));

    assertThat(vm.selectedReportProperty().get()).contains("counter: ferry-a -> ferry-b, ROLLED_BACK")
        .contains("failed at restore + resume: CRIU could not restore counter on ferry-b")
        .contains("what to do: It runs on ferry-a again.")
        .contains("Can't open core-1.img");
  }

  @Test
  void reloadingKeepsTheSelectedMigrationSelected() {
    ReportStore store = new ReportStore(dir);
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY));
    HistoryViewModel vm = load(store);
    vm.selectedProperty().set(vm.rows().get(0));
    store.save(Reports.migrated("m2", Instant.parse("2026-12-01T11:00:00Z"), Strategy.STOP_AND_COPY));

    vm.load();

    assertThat(vm.rows()).hasSize(2);
    assertThat(vm.selectedProperty().get().report().id()).isEqualTo("m1");
  }

  @Test
  void aDamagedReportFileCostsOnlyItselfAndIsSetAsideUnderANameThatSaysSo() throws IOException {
    ReportStore store = new ReportStore(dir);
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T09:00:00Z"), Strategy.STOP_AND_COPY));
    Files.writeString(dir.resolve("2026-12-01T10-00-00Z-bad.json"), "{ not json");
    store.save(Reports.migrated("m2", Instant.parse("2026-12-01T11:00:00Z"), Strategy.STOP_AND_COPY));

    HistoryViewModel vm = load(store);

    assertThat(vm.rows()).extracting(r -> r.report().id()).containsExactly("m2", "m1");
    assertThat(vm.statusProperty().get()).startsWith("2 reports in " + dir)
        .containsPattern("1 report file could not be read and was set aside: 2026-12-01T10-00-00Z-bad\\.json \\(.+\\) as "
            + "2026-12-01T10-00-00Z-bad\\.json\\.corrupt-\\d{8}-\\d{6}");
    assertThat(dir.resolve("2026-12-01T10-00-00Z-bad.json")).as("moved out of the store's way").doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("2026-12-01T10-00-00Z-bad.json.corrupt-"));
    }
    // Read again: the history is clean, and the notice stays said for this run.
    vm.load();
    assertThat(vm.rows()).hasSize(2);
    assertThat(vm.statusProperty().get()).contains("set aside: 2026-12-01T10-00-00Z-bad.json");
  }

  @Test
  void theListsTheChartsAndTableBindToAreOneObjectEach() {
    HistoryViewModel vm = load(new ReportStore(dir));

    assertThat(vm.rows()).isSameAs(vm.rows());
    assertThat(vm.frozen()).isSameAs(vm.frozen());
  }

  @Test
  void anEmptyStoreIsAnEmptyHistory() {
    HistoryViewModel vm = load(new ReportStore(dir.resolve("never-written")));

    assertThat(vm.rows()).isEmpty();
    assertThat(vm.frozen()).isEmpty();
    assertThat(vm.statusProperty().get()).startsWith("0 reports");
  }
}
