package dev.ferry.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckpointMetadataTest {
  private static final Checkpoint SAMPLE = new Checkpoint("web-1", "before-upgrade", "ferry-a",
      Instant.parse("2026-11-23T17:00:00.123Z"), 5_300_000, "runc", true, new CheckpointTimings(80, 190, 300, OptionalLong.of(95)));

  @Test
  void metadataSurvivesAWriteAndARead() throws IOException {
    String json = CheckpointMetadata.write(SAMPLE);

    assertThat(CheckpointMetadata.read(json)).isEqualTo(SAMPLE);
    assertThat(json).contains("\"created\" : \"2026-11-23T17:00:00.123Z\"").contains("\"leaveRunning\" : true")
        .doesNotContain("folder").doesNotContain("label");
  }

  @Test
  void unknownFieldsFromANewerFerryAreIgnoredAndAMissingFrozenTimeIsEmpty() throws IOException {
    Checkpoint c = CheckpointMetadata.read("""
        {"container":"db","name":"n1","host":"h","created":"2026-01-02T03:04:05Z","sizeBytes":10,"runtime":"runc",
         "leaveRunning":false,"timings":{"filesMillis":1,"dumpMillis":2,"totalMillis":3},"compression":"zstd"}
        """);

    assertThat(c.container()).isEqualTo("db");
    assertThat(c.timings().criuFrozenMillis()).isEmpty();
    assertThat(c.timings().dumpMillis()).isEqualTo(2);
  }

  @Test
  void metadataWithoutItsIdentityIsRefused() {
    assertThatThrownBy(() -> CheckpointMetadata.read("{\"host\":\"h\"}")).isInstanceOf(IOException.class)
        .hasMessageContaining("required");
  }

  @Test
  void listingTakesSizeFromDuAndNamesFromTheFolders() {
    String out = header(5_400_000, "web-1/before-upgrade") + CheckpointMetadata.write(SAMPLE)
        + header(4096, "db/n1") + "{\"container\":\"db\",\"name\":\"n1\",\"host\":\"ferry-b\",\"created\":\"2026-01-02T03:04:05Z\","
        + "\"sizeBytes\":1,\"runtime\":\"runc\",\"leaveRunning\":false}\n";

    List<Checkpoint> all = CheckpointMetadata.parseListing(out);

    assertThat(all).extracting(Checkpoint::label).containsExactly("web-1/before-upgrade", "db/n1");
    assertThat(all).extracting(Checkpoint::sizeBytes).containsExactly(5_400_000L, 4096L);
    assertThat(all.get(0).timings()).isEqualTo(SAMPLE.timings());
    assertThat(all.get(1).host()).isEqualTo("ferry-b");
  }

  @Test
  void aCopiedMetadataFileDoesNotRenameTheCheckpoint() {
    // checkpoint.json says web-1/before-upgrade, but it sits in the folder of db/copied.
    List<Checkpoint> all = CheckpointMetadata.parseListing(header(10, "db/copied") + CheckpointMetadata.write(SAMPLE));

    assertThat(all).singleElement().satisfies(c -> assertThat(c.label()).isEqualTo("db/copied"));
  }

  @Test
  void unreadableOrBadlyNamedEntriesAreSkippedAndTheRestListed() {
    String out = header(10, "ok/one") + CheckpointMetadata.write(SAMPLE)
        + header(10, "broken/json") + "{ not json\n"
        + header(10, "bad name/x") + CheckpointMetadata.write(SAMPLE)
        + header(-1, "nested/too/deep") + CheckpointMetadata.write(SAMPLE)
        + "@@ferry-checkpoint notanumber ok/two\n" + CheckpointMetadata.write(SAMPLE)
        + header(20, "ok/three") + CheckpointMetadata.write(SAMPLE);

    assertThat(CheckpointMetadata.parseListing(out)).extracting(Checkpoint::label).containsExactly("ok/one", "ok/three");
  }

  @Test
  void anEmptyListingIsNoCheckpoints() {
    assertThat(CheckpointMetadata.parseListing("")).isEmpty();
    assertThat(CheckpointMetadata.parseListing("some stray line\n")).isEmpty();
  }

  private static String header(long size, String path) {
    return CheckpointMetadata.MARK + " " + size + " " + path + "\n";
  }
}
