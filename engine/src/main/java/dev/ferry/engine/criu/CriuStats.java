package dev.ferry.engine.criu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads CRIU's {@code stats-dump} and {@code stats-restore} files into {@link DumpStats} and
 * {@link RestoreStats}. Each file is a 12-byte header (CRIU's service-image magic, the stats magic,
 * and the message length, all 32-bit little-endian on the hosts CRIU supports here) followed by one
 * {@code stats_entry} protobuf message. Field numbers follow CRIU's {@code images/stats.proto}.
 * runc leaves these files in the checkpoint's work directory, not in the image directory.
 */
public final class CriuStats {
  /** CRIU's magic for service files such as stats and irmap-cache (criu/include/magic.h). */
  static final int SERVICE_MAGIC = 0x55105940;
  /** CRIU's magic for the stats image (criu/include/magic.h). */
  static final int STATS_MAGIC = 0x57093306;
  static final int HEADER_BYTES = 12;

  // stats_entry
  private static final int ENTRY_DUMP = 1;
  private static final int ENTRY_RESTORE = 2;

  // dump_stats_entry
  private static final int FREEZING_TIME = 1;
  private static final int FROZEN_TIME = 2;
  private static final int MEMDUMP_TIME = 3;
  private static final int MEMWRITE_TIME = 4;
  private static final int PAGES_SCANNED = 5;
  private static final int PAGES_SKIPPED_PARENT = 6;
  private static final int PAGES_WRITTEN = 7;
  private static final int IRMAP_RESOLVE = 8;
  private static final int PAGES_LAZY = 9;
  private static final int PAGE_PIPES = 10;
  private static final int PAGE_PIPE_BUFS = 11;
  private static final int SHPAGES_SCANNED = 12;
  private static final int SHPAGES_SKIPPED_PARENT = 13;
  private static final int SHPAGES_WRITTEN = 14;

  // restore_stats_entry
  private static final int PAGES_COMPARED = 1;
  private static final int PAGES_SKIPPED_COW = 2;
  private static final int FORKING_TIME = 3;
  private static final int RESTORE_TIME = 4;
  private static final int PAGES_RESTORED = 5;

  private CriuStats() {}

  public static DumpStats readDump(Path file) throws IOException {
    return parseDump(Files.readAllBytes(file));
  }

  public static RestoreStats readRestore(Path file) throws IOException {
    return parseRestore(Files.readAllBytes(file));
  }

  /** Parses the bytes of a {@code stats-dump} file, for example as fetched over SSH. */
  public static DumpStats parseDump(byte[] file) throws CriuStatsFormatException {
    ProtoMessage d = entry(file, ENTRY_DUMP, "dump");
    return new DumpStats(
        d.varint(FREEZING_TIME),
        d.varint(FROZEN_TIME),
        d.varint(MEMDUMP_TIME),
        d.varint(MEMWRITE_TIME),
        d.varint(PAGES_SCANNED),
        d.varint(PAGES_SKIPPED_PARENT),
        d.varint(PAGES_WRITTEN),
        d.varint(PAGES_LAZY),
        d.varint(IRMAP_RESOLVE),
        d.varint(PAGE_PIPES),
        d.varint(PAGE_PIPE_BUFS),
        d.varint(SHPAGES_SCANNED),
        d.varint(SHPAGES_SKIPPED_PARENT),
        d.varint(SHPAGES_WRITTEN));
  }

  /** Parses the bytes of a {@code stats-restore} file. */
  public static RestoreStats parseRestore(byte[] file) throws CriuStatsFormatException {
    ProtoMessage r = entry(file, ENTRY_RESTORE, "restore");
    return new RestoreStats(
        r.varint(PAGES_COMPARED),
        r.varint(PAGES_SKIPPED_COW),
        r.varint(FORKING_TIME),
        r.varint(RESTORE_TIME),
        r.varint(PAGES_RESTORED));
  }

  private static ProtoMessage entry(byte[] file, int field, String kind) throws CriuStatsFormatException {
    if (file.length < HEADER_BYTES) {
      throw new CriuStatsFormatException("stats file is " + file.length + " bytes, shorter than CRIU's "
          + HEADER_BYTES + "-byte header");
    }
    ByteBuffer header = ByteBuffer.wrap(file, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int service = header.getInt();
    int magic = header.getInt();
    long length = Integer.toUnsignedLong(header.getInt());
    if (service != SERVICE_MAGIC || magic != STATS_MAGIC) {
      throw new CriuStatsFormatException(String.format(
          "not a CRIU stats file: magic %08x %08x, expected %08x %08x", service, magic, SERVICE_MAGIC, STATS_MAGIC));
    }
    if (length > file.length - HEADER_BYTES) {
      throw new CriuStatsFormatException("stats message claims " + length + " bytes but the file has "
          + (file.length - HEADER_BYTES) + " after the header (cut short in copying?)");
    }
    ProtoMessage top = ProtoMessage.parse(file, HEADER_BYTES, (int) length);
    return top.message(field).orElseThrow(() -> new CriuStatsFormatException(
        "stats file holds no " + kind + " statistics (stats-dump and stats-restore swapped?)"));
  }
}
