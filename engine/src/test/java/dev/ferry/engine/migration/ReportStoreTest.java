package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {

  private static MigrationReport report(String id, Instant at, long frozen) {
    List<PhaseTiming> phases = List.of(
        new PhaseTiming(Phase.FREEZE_DUMP, 100, frozen / 2, 0),
        new PhaseTiming(Phase.RESTORE, 100 + frozen / 2, frozen / 2, 0));
    return new MigrationReport(id, "counter", "ferry-a", "ferry-b", Strategy.STOP_AND_COPY, "chosen by the user", false,
        MigrationReport.Outcome.MIGRATED, at, 3000, phases, FreezeTimeBreakdown.of(phases),
        List.of(new MigrationReport.Round(1, 14, 0, frozen / 2)),
        new DumpStats(306, 50_586, 156, 39, 21, 0, 14, 0, 0, 4, 4, 0, 0, 0), new RestoreStats(0, 0, 2, 81_604, 14),
        "direct", List.of(PreflightCheck.pass("name", "free")), List.of("a note"), null,
        new MigrationReport.Placement(java.util.Map.of("ferry-a", "absent", "ferry-b", "running"), List.of("ferry-b"), "2026-12-01T00:00:00Z"));
  }

  @Test
  void savedReportsReadBackWholeAndOldestFirst(@TempDir Path dir) {
    ReportStore store = new ReportStore(dir.resolve("reports"));
    MigrationReport later = report("bbbb", Instant.parse("2026-11-23T17:00:00Z"), 600);
    MigrationReport earlier = report("aaaa", Instant.parse("2026-11-23T16:00:00Z"), 500);
    Path file = store.save(later);
    store.save(earlier);
    assertThat(file).exists();
    assertThat(store.all()).containsExactly(earlier, later);
    assertThat(store.all().get(1).freeze().totalFrozenMillis()).isEqualTo(600);
    assertThat(store.all().get(1).criuDump().frozenTimeUs()).isEqualTo(50_586);
  }

  @Test
  void anEmptyOrMissingFolderHasNoHistory(@TempDir Path dir) throws Exception {
    assertThat(new ReportStore(dir.resolve("none")).all()).isEmpty();
    Files.createDirectories(dir.resolve("empty"));
    assertThat(new ReportStore(dir.resolve("empty")).all()).isEmpty();
  }

  @Test
  void aDamagedFileIsNamedAndSkippedAndTheRestStillReads(@TempDir Path dir) throws Exception {
    ReportStore store = new ReportStore(dir);
    MigrationReport good = report("aaaa", Instant.parse("2026-11-23T16:00:00Z"), 500);
    store.save(good);
    Path cut = dir.resolve("2026-11-23T17-00-00Z-bbbb.json");
    Files.writeString(cut, "{\"id\":\"bbbb\",\"cont");

    ReportStore.Contents contents = store.load();

    assertThat(contents.reports()).containsExactly(good);
    assertThat(contents.unreadable()).extracting(ReportStore.Unreadable::file).containsExactly(cut);
    assertThat(contents.unreadable().get(0).reason()).isNotBlank();
    assertThat(cut).as("left in place").exists();
  }

  @Test
  void aSaveLeavesNoPartFileBehind(@TempDir Path dir) throws Exception {
    ReportStore store = new ReportStore(dir);
    store.save(report("aaaa", Instant.parse("2026-11-23T16:00:00Z"), 500));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2026-11-23T16-00-00Z-aaaa.json");
    }
  }
}
