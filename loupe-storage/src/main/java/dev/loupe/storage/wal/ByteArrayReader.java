package dev.loupe.storage.wal;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteArrayWriter} wrote, checking every length against the bytes left: a payload
 * that passed its checksum but does not decode (a bug, or a file from elsewhere) fails with {@link
 * ErrorCode#CORRUPT_DATA} instead of an index error or a huge allocation. Not thread-safe.
 */
final class ByteArrayReader {
  private final byte[] bytes;
  private final int end;
  private int offset;

  ByteArrayReader(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + (long) length > bytes.length) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside an array of " + bytes.length);
    }
    this.bytes = bytes;
    this.offset = offset;
    this.end = offset + length;
  }

  int remaining() {
    return end - offset;
  }

  /**
   * The array read from; bytes from {@link #offset()} on, {@link #remaining()} of them, are unread.
   */
  byte[] array() {
    return bytes;
  }

  int offset() {
    return offset;
  }

  int readByte() {
    require(1, "a byte");
    return bytes[offset++] & 0xFF;
  }

  long readLong() {
    require(Long.BYTES, "a 64-bit integer");
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (bytes[offset++] & 0xFF);
    }
    return value;
  }

  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      require(1, "a varint");
      int next = bytes[offset++];
      value |= (long) (next & 0x7F) << shift;
      if (next >= 0) {
        return value;
      }
    }
    throw malformed("a varint longer than 10 bytes");
  }

  long readZigZag() {
    long encoded = readVarint();
    return (encoded >>> 1) ^ -(encoded & 1);
  }

  /**
   * A varint count of items that each take at least {@code minimumBytesEach} bytes: larger than the
   * bytes left can hold means a malformed payload, caught before anything is allocated for it.
   */
  int readCount(int minimumBytesEach, String what) {
    long count = readVarint();
    if (count < 0 || count > remaining() / Math.max(1, minimumBytesEach)) {
      throw malformed(what + " " + count + " cannot fit in the " + remaining() + " bytes left");
    }
    return (int) count;
  }

  String readString() {
    int byteLength = readCount(1, "string length");
    String text = new String(bytes, offset, byteLength, StandardCharsets.UTF_8);
    offset += byteLength;
    return text;
  }

  private void require(int byteCount, String what) {
    if (end - offset < byteCount) {
      throw malformed(what + " runs past the end");
    }
  }

  LoupeException malformed(String problem) {
    return new LoupeException(
        ErrorCode.CORRUPT_DATA, "malformed wal batch: " + problem + " at byte " + offset);
  }
}
