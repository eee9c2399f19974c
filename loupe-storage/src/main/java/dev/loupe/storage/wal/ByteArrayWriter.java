package dev.loupe.storage.wal;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.Arrays;

/**
 * A growable byte array that the batch encoder writes into and reuses from batch to batch, so that
 * appending a batch allocates nothing per record. Integers are big-endian; varints are unsigned
 * LEB128; strings are a varint byte length and UTF-8, encoded here straight into the array instead
 * of through {@link String#getBytes} (which would allocate one array per string). Not thread-safe.
 */
final class ByteArrayWriter {
  /** Arrays a little below {@code Integer.MAX_VALUE} are what every JVM can allocate. */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

  private byte[] bytes;
  private int length;

  ByteArrayWriter(int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
    }
    this.bytes = new byte[initialCapacity];
  }

  void reset() {
    length = 0;
  }

  int length() {
    return length;
  }

  /** The backing array, valid up to {@link #length()} until the next write. */
  byte[] array() {
    return bytes;
  }

  int capacity() {
    return bytes.length;
  }

  /** Makes room for {@code additionalBytes} more bytes after {@link #length()}. */
  void ensureCapacity(long additionalBytes) {
    long required = length + additionalBytes;
    if (required <= bytes.length) {
      return;
    }
    if (required > MAX_CAPACITY) {
      throw new LoupeException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "wal batch does not fit in one array: needs "
              + required
              + " bytes; send smaller batches");
    }
    long doubled = Math.min(MAX_CAPACITY, 2L * bytes.length);
    bytes = Arrays.copyOf(bytes, (int) Math.max(doubled, required));
  }

  /** Moves the end forward over bytes written directly into {@link #array()}. */
  void advance(int byteCount) {
    if (byteCount < 0 || length + (long) byteCount > bytes.length) {
      throw new IllegalArgumentException(
          "cannot advance by " + byteCount + " at " + length + " of " + bytes.length);
    }
    length += byteCount;
  }

  void writeByte(int value) {
    ensureCapacity(1);
    bytes[length++] = (byte) value;
  }

  void writeBytes(byte[] source, int offset, int byteCount) {
    ensureCapacity(byteCount);
    System.arraycopy(source, offset, bytes, length, byteCount);
    length += byteCount;
  }

  void writeInt(int value) {
    ensureCapacity(Integer.BYTES);
    putInt(length, value);
    length += Integer.BYTES;
  }

  void writeLong(long value) {
    ensureCapacity(Long.BYTES);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
  }

  /** Overwrites four bytes at {@code offset}, which must lie inside what was written. */
  void putInt(int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }

  /** Unsigned LEB128: seven bits a byte, low bits first; 1 byte below 128, 10 at most. */
  void writeVarint(long value) {
    if ((value & ~0x7FL) == 0 && length < bytes.length) {
      bytes[length++] = (byte) value; // lengths, counts, indexes: nearly always one byte
      return;
    }
    ensureCapacity(10);
    long remaining = value;
    while ((remaining & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    bytes[length++] = (byte) remaining;
  }

  /** Zigzag then varint: small negative numbers stay small (-1 is one byte, not ten). */
  void writeZigZag(long value) {
    writeVarint((value << 1) ^ (value >> 63));
  }

  /**
   * The UTF-8 byte length as a varint, then the UTF-8 bytes. An unpaired surrogate becomes {@code
   * ?}, exactly as {@link String#getBytes} with UTF-8 does, so the bytes are the JDK's.
   */
  void writeString(String text) {
    if (isAscii(text)) {
      writeAscii(text);
      return;
    }
    long byteLength = utf8Length(text);
    ensureCapacity(10 + byteLength);
    writeVarint(byteLength);
    int charCount = text.length();
    int index = 0;
    int end = length;
    while (index < charCount) {
      char c = text.charAt(index);
      if (c >= 0x80) {
        break;
      }
      bytes[end++] = (byte) c;
      index++;
    }
    while (index < charCount) {
      char c = text.charAt(index);
      if (c < 0x80) {
        bytes[end++] = (byte) c;
      } else if (c < 0x800) {
        bytes[end++] = (byte) (0xC0 | (c >> 6));
        bytes[end++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        bytes[end++] = (byte) (0xE0 | (c >> 12));
        bytes[end++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[end++] = (byte) (0x80 | (c & 0x3F));
      } else if (isSurrogatePair(text, index)) {
        int codePoint = Character.toCodePoint(c, text.charAt(index + 1));
        bytes[end++] = (byte) (0xF0 | (codePoint >> 18));
        bytes[end++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        bytes[end++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        bytes[end++] = (byte) (0x80 | (codePoint & 0x3F));
        index++;
      } else {
        bytes[end++] = (byte) '?';
      }
      index++;
    }
    length = end;
  }

  /**
   * Whether every char is below 0x80. An OR over all chars, without an early exit: the compiler
   * vectorizes it, and log text is nearly always ASCII, so the early exit would rarely pay.
   */
  private static boolean isAscii(String text) {
    int allBits = 0;
    for (int index = 0; index < text.length(); index++) {
      allBits |= text.charAt(index);
    }
    return allBits < 0x80;
  }

  /**
   * Writes ASCII text: its length is its UTF-8 byte length, and its chars are its bytes. Measured
   * on JDK 25 over access-log text, this check-then-copy writes 1.75 times the strings per second
   * of a length pass and then a char-by-char copy (and 1.3 times a single char loop that stores as
   * it checks); {@link String#getBytes(java.nio.charset.Charset)} would be faster still but
   * allocates an array per string, and the WAL encoder allocates nothing per record.
   */
  // String.getBytes(int, int, byte[], int) is deprecated because it drops the high byte of each
  // char; for text known to be ASCII it is exact, and it is an array copy for Latin-1 strings.
  @SuppressWarnings("deprecation")
  private void writeAscii(String text) {
    int charCount = text.length();
    ensureCapacity(10L + charCount);
    writeVarint(charCount);
    text.getBytes(0, charCount, bytes, length);
    length += charCount;
  }

  /** A long: three bytes a char can exceed an int for the longest strings. */
  static long utf8Length(String text) {
    int charCount = text.length();
    long byteLength = charCount;
    for (int index = 0; index < charCount; index++) {
      char c = text.charAt(index);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        byteLength += 1;
      } else if (!Character.isSurrogate(c)) {
        byteLength += 2;
      } else if (isSurrogatePair(text, index)) {
        byteLength += 2; // two chars, four bytes
        index++;
      }
      // An unpaired surrogate is one '?': one char, one byte, nothing to add.
    }
    return byteLength;
  }

  private static boolean isSurrogatePair(String text, int index) {
    return Character.isHighSurrogate(text.charAt(index))
        && index + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(index + 1));
  }
}
