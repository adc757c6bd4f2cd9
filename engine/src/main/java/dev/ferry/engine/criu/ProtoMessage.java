package dev.ferry.engine.criu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One protobuf message decoded just far enough for CRIU's statistics: varint fields by number and
 * length-delimited fields kept as raw bytes for nested messages. This replaces a protobuf
 * dependency for the handful of integers Ferry reads; unknown fields are skipped, so newer CRIU
 * versions that add fields still parse.
 */
final class ProtoMessage {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH_DELIMITED = 2;
  private static final int WIRE_FIXED32 = 5;
  // A 64-bit value needs at most ten 7-bit groups.
  private static final int MAX_VARINT_BYTES = 10;

  private final Map<Integer, Long> varints = new HashMap<>();
  private final Map<Integer, byte[]> embedded = new HashMap<>();

  private ProtoMessage() {}

  static ProtoMessage parse(byte[] buf, int offset, int length) throws CriuStatsFormatException {
    ProtoMessage message = new ProtoMessage();
    Cursor in = new Cursor(buf, offset, offset + length);
    while (in.hasMore()) {
      long key = in.varint();
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (field <= 0) {
        throw new CriuStatsFormatException("field number " + field + " at byte " + in.position());
      }
      // Later occurrences win, as protobuf itself does for non-repeated fields.
      switch (wireType) {
        case WIRE_VARINT -> message.varints.put(field, in.varint());
        case WIRE_LENGTH_DELIMITED -> message.embedded.put(field, in.bytes(in.length()));
        case WIRE_FIXED64 -> in.skip(8);
        case WIRE_FIXED32 -> in.skip(4);
        default -> throw new CriuStatsFormatException("unsupported wire type " + wireType + " for field " + field);
      }
    }
    return message;
  }

  /** The varint field's value, or 0 when absent (protobuf's default for integers). */
  long varint(int field) {
    return varints.getOrDefault(field, 0L);
  }

  /** The last occurrence of a length-delimited field (string, bytes or message) as raw bytes. */
  Optional<byte[]> bytes(int field) {
    return Optional.ofNullable(embedded.get(field));
  }

  Optional<ProtoMessage> message(int field) throws CriuStatsFormatException {
    byte[] bytes = embedded.get(field);
    return bytes == null ? Optional.empty() : Optional.of(parse(bytes, 0, bytes.length));
  }

  private static final class Cursor {
    private final byte[] buf;
    private final int end;
    private int pos;

    Cursor(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    int position() {
      return pos;
    }

    long varint() throws CriuStatsFormatException {
      long value = 0;
      for (int i = 0; i < MAX_VARINT_BYTES; i++) {
        if (pos >= end) {
          throw new CriuStatsFormatException("varint cut off at byte " + pos);
        }
        byte b = buf[pos++];
        value |= (long) (b & 0x7f) << (7 * i);
        if (b >= 0) {
          return value;
        }
      }
      throw new CriuStatsFormatException("varint longer than " + MAX_VARINT_BYTES + " bytes at byte " + pos);
    }

    int length() throws CriuStatsFormatException {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new CriuStatsFormatException("length " + n + " runs past the end at byte " + pos);
      }
      return (int) n;
    }

    byte[] bytes(int n) {
      byte[] out = new byte[n];
      System.arraycopy(buf, pos, out, 0, n);
      pos += n;
      return out;
    }

    void skip(int n) throws CriuStatsFormatException {
      if (n > end - pos) {
        throw new CriuStatsFormatException("fixed-size field runs past the end at byte " + pos);
      }
      pos += n;
    }
  }
}
