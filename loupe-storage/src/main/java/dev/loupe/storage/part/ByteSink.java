package dev.loupe.storage.part;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array the writer encodes into and reuses from block to block. Numbers are
 * little-endian; varints are unsigned LEB128 (7 bits a byte, low group first). Not thread-safe.
 */
final class ByteSink {
  private static final VarHandle LONG_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** The JDK's arrays cannot quite reach Integer.MAX_VALUE elements. */
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private byte[] buffer;
  private int size;

  ByteSink(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The backing array; bytes {@code [0, size())} are the content. Valid until the next write. */
  byte[] array() {
    return buffer;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  void clear() {
    size = 0;
  }

  void writeByte(int value) {
    ensureCapacity(1);
    buffer[size++] = (byte) value;
  }

  void writeIntLittleEndian(int value) {
    ensureCapacity(4);
    INT_LITTLE_ENDIAN.set(buffer, size, value);
    size += 4;
  }

  void writeLongLittleEndian(long value) {
    ensureCapacity(8);
    LONG_LITTLE_ENDIAN.set(buffer, size, value);
    size += 8;
  }

  /** Unsigned LEB128: 1 byte below 128, 10 bytes for the largest values. */
  void writeVarLong(long value) {
    if ((value & ~0x7FL) == 0 && size < buffer.length) {
      buffer[size++] = (byte) value; // the common case: lengths, small deltas
      return;
    }
    ensureCapacity(10);
    long remaining = value;
    while ((remaining & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    buffer[size++] = (byte) remaining;
  }

  /** Zigzag then varint: small negative numbers stay short. */
  void writeZigZag(long value) {
    writeVarLong(zigZag(value));
  }

  void writeBytes(byte[] source, int offset, int length) {
    ensureCapacity(length);
    System.arraycopy(source, offset, buffer, size, length);
    size += length;
  }

  /** Varint byte length, then the UTF-8 bytes. Unpaired surrogates become {@code ?}. */
  void writeString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeVarLong(bytes.length);
    writeBytes(bytes, 0, bytes.length);
  }

  void ensureCapacity(int additional) {
    long needed = (long) size + additional;
    if (needed <= buffer.length) {
      return;
    }
    if (needed > MAX_ARRAY_LENGTH) {
      throw new IllegalStateException(
          "encoded data exceeds a Java array: " + needed + " bytes; lower blockRows");
    }
    long grown = Math.max(needed, Math.min(MAX_ARRAY_LENGTH, (long) buffer.length * 2));
    buffer = Arrays.copyOf(buffer, (int) grown);
  }

  static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  static long unZigZag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  /** Bytes {@link #writeVarLong} uses for {@code value}. */
  static int varLongSize(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }
}
