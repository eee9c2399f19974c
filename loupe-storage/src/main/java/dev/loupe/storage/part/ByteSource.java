package dev.loupe.storage.part;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, from a window of a byte array. Every read is bounds-checked:
 * damaged input ends in a {@link MalformedPartException}, never in an out-of-bounds error or a huge
 * allocation. Not thread-safe.
 */
final class ByteSource {
  private static final VarHandle LONG_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] data;
  private final int limit;
  private int position;

  ByteSource(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IllegalArgumentException(
          "window out of array: offset=" + offset + " length=" + length + " of " + data.length);
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
  }

  byte[] array() {
    return data;
  }

  int position() {
    return position;
  }

  int remaining() {
    return limit - position;
  }

  void skip(int count) {
    require(count);
    position += count;
  }

  int readUnsignedByte() {
    require(1);
    return data[position++] & 0xFF;
  }

  int readIntLittleEndian() {
    require(4);
    int value = (int) INT_LITTLE_ENDIAN.get(data, position);
    position += 4;
    return value;
  }

  long readLongLittleEndian() {
    require(8);
    long value = (long) LONG_LITTLE_ENDIAN.get(data, position);
    position += 8;
    return value;
  }

  long readVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new MalformedPartException("varint runs past the end at offset " + position);
      }
      byte next = data[position++];
      value |= (long) (next & 0x7F) << shift;
      if (next >= 0) {
        return value;
      }
    }
    throw new MalformedPartException("varint longer than 10 bytes ending at offset " + position);
  }

  long readZigZag() {
    return ByteSink.unZigZag(readVarLong());
  }

  /** A varint that must lie in {@code [0, max]}; {@code what} names it in the error. */
  int readVarInt(String what, int max) {
    long value = readVarLong();
    if (value < 0 || value > max) {
      throw new MalformedPartException(
          what + " " + Long.toUnsignedString(value) + " out of range [0, " + max + "]");
    }
    return (int) value;
  }

  String readString(String what) {
    int length = readVarInt(what + " length", remaining());
    String value = new String(data, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** Fails unless {@code count} more bytes are there. */
  void require(int count) {
    if (count < 0 || count > limit - position) {
      throw new MalformedPartException(
          "needs " + count + " bytes at offset " + position + " but " + remaining() + " remain");
    }
  }
}
