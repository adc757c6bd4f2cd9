package dev.ferry.engine.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Expected values were read from the same files with: tail -c +13 FILE | protoc --decode_raw
class CriuStatsTest {

  @Test
  void readsRealRuncCheckpointWhereTheCgroupV1FreezerPolledFor100Ms() throws Exception {
    DumpStats s = CriuStats.parseDump(Recorded.bytes("runc-checkpoint.stats-dump"));

    assertThat(s).isEqualTo(new DumpStats(103_411, 53_388, 480, 108, 50, 0, 36, 0, 0, 8, 8, 0, 0, 0));
    assertThat(s.freezingTime()).isEqualTo(Duration.ofNanos(103_411_000));
    assertThat(s.frozenTime()).isBetween(Duration.ofMillis(50), Duration.ofMillis(60));
    assertThat(s.skippedShare()).isZero();
  }

  @Test
  void readsRealCheckpointOfAPausedContainerWithSharedMemoryCountedApart() throws Exception {
    DumpStats s = CriuStats.parseDump(Recorded.bytes("runc-checkpoint-paused.stats-dump"));

    // runc pause first: the freezer is already frozen, so freezing takes 0.3 ms instead of 100 ms.
    assertThat(s.freezingTimeUs()).isEqualTo(334);
    assertThat(s.frozenTimeUs()).isEqualTo(50_926);
    assertThat(s.pagesScanned()).isEqualTo(49);
    assertThat(s.pagesWritten()).isEqualTo(35);
    assertThat(s.shpagesScanned()).isEqualTo(17);
    assertThat(s.shpagesWritten()).isEqualTo(11);
    assertThat(s.pagePipes()).isEqualTo(9);
  }

  @Test
  void readsRealCheckpointOfAContainerWithLiveTcpConnections() throws Exception {
    DumpStats s = CriuStats.parseDump(Recorded.bytes("runc-checkpoint-tcp.stats-dump"));

    assertThat(s).isEqualTo(new DumpStats(101_555, 74_519, 2_345, 281, 143, 0, 101, 0, 0, 24, 24, 0, 0, 0));
  }

  @Test
  void readsRealRestoreStatistics() throws Exception {
    RestoreStats s = CriuStats.parseRestore(Recorded.bytes("runc-restore.stats-restore"));

    assertThat(s).isEqualTo(new RestoreStats(9, 2, 267, 103_695, 34));
    assertThat(s.restoreTime()).isEqualTo(Duration.ofNanos(103_695_000));
    assertThat(s.forkingTime()).isLessThan(Duration.ofMillis(1));
  }

  @Test
  void readsFilesFromDisk(@TempDir Path dir) throws Exception {
    Path dump = Files.write(dir.resolve("stats-dump"), Recorded.bytes("runc-checkpoint.stats-dump"));
    Path restore = Files.write(dir.resolve("stats-restore"), Recorded.bytes("runc-restore-paused.stats-restore"));

    assertThat(CriuStats.readDump(dump).pagesWritten()).isEqualTo(36);
    assertThat(CriuStats.readRestore(restore)).isEqualTo(new RestoreStats(9, 2, 363, 92_129, 33));
  }

  @Test
  void swappedFilesAreNamedAsSuch() {
    assertThatThrownBy(() -> CriuStats.parseDump(Recorded.bytes("runc-restore.stats-restore")))
        .isInstanceOf(CriuStatsFormatException.class).hasMessageContaining("no dump statistics");
    assertThatThrownBy(() -> CriuStats.parseRestore(Recorded.bytes("runc-checkpoint.stats-dump")))
        .isInstanceOf(CriuStatsFormatException.class).hasMessageContaining("no restore statistics");
  }

  @Test
  void fileCutShortInCopyingIsRefused() {
    byte[] real = Recorded.bytes("runc-checkpoint.stats-dump");

    assertThatThrownBy(() -> CriuStats.parseDump(Arrays.copyOf(real, real.length - 5)))
        .isInstanceOf(CriuStatsFormatException.class).hasMessageContaining("cut short");
    assertThatThrownBy(() -> CriuStats.parseDump(Arrays.copyOf(real, 7)))
        .isInstanceOf(CriuStatsFormatException.class).hasMessageContaining("header");
  }

  @Test
  void otherCriuImagesAreNotTakenForStatistics() {
    // cpuinfo.img carries CRIU's common image magic, not the service magic of stats files.
    assertThatThrownBy(() -> CriuStats.parseDump(Recorded.bytes("cpuinfo.img")))
        .isInstanceOf(CriuStatsFormatException.class).hasMessageContaining("not a CRIU stats file");
  }

  @Test
  void corruptMessageBodyIsRefusedNotMisread() {
    byte[] real = Recorded.bytes("runc-checkpoint.stats-dump");
    byte[] corrupt = real.clone();
    corrupt[CriuStats.HEADER_BYTES + 1] = (byte) 0x7f; // the dump entry now claims 127 bytes

    assertThatThrownBy(() -> CriuStats.parseDump(corrupt)).isInstanceOf(CriuStatsFormatException.class);
  }

  @Test
  void unknownFieldsOfNewerCriuVersionsAreSkipped() throws Exception {
    ByteArrayOutputStream dump = new ByteArrayOutputStream();
    varintField(dump, 7, 5_000_000_000L); // pages_written beyond 32 bits
    varintField(dump, 99, 1);             // a field this CRIU does not have
    fixed32Field(dump, 98);
    lengthField(dump, 97, "future".getBytes(StandardCharsets.UTF_8));
    varintField(dump, 1, 42);
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    lengthField(entry, 1, dump.toByteArray());

    DumpStats s = CriuStats.parseDump(statsFile(entry.toByteArray()));

    assertThat(s.pagesWritten()).isEqualTo(5_000_000_000L);
    assertThat(s.freezingTimeUs()).isEqualTo(42);
    assertThat(s.pagesLazy()).isZero();
  }

  @Test
  void decoderReadsARealCriuImageWithRepeatedAndStringFields() throws Exception {
    // Not a stats file, but CRIU's protobuf all the same: cpuinfo.img from `criu cpuinfo dump` here.
    byte[] img = Recorded.bytes("cpuinfo.img");
    int length = ByteBuffer.wrap(img, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ProtoMessage x86 = ProtoMessage.parse(img, 12, length).message(1).orElseThrow();

    assertThat(x86.varint(1)).isEqualTo(1); // vendor INTEL
    assertThat(new String(x86.bytes(7).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(x86.varint(8)).isEqualTo(229); // xfeatures_mask 0xe5
    assertThat(x86.varint(9)).isEqualTo(11_008); // xsave_size
    assertThat(x86.varint(6)).isEqualTo(599_867_408); // last of the repeated capability words
  }

  static byte[] statsFile(byte[] message) {
    ByteBuffer b = ByteBuffer.allocate(CriuStats.HEADER_BYTES + message.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(CriuStats.SERVICE_MAGIC).putInt(CriuStats.STATS_MAGIC).putInt(message.length).put(message);
    return b.array();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    varint(out, (long) field << 3);
    varint(out, value);
  }

  private static void fixed32Field(ByteArrayOutputStream out, int field) {
    varint(out, ((long) field << 3) | 5);
    out.writeBytes(new byte[4]);
  }

  private static void lengthField(ByteArrayOutputStream out, int field, byte[] bytes) {
    varint(out, ((long) field << 3) | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }
}
