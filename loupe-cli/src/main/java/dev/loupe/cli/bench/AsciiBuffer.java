package dev.loupe.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array of ASCII text: the generator's reusable line buffer. The generator writes
 * only ASCII, so bytes are characters and no charset encoder runs on the hot path (encoding {@code
 * String}s costs more than generating them). Not thread-safe: one per generating thread.
 */
final class AsciiBuffer {
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UPPER_HEX_DIGITS =
      "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** Longest decimal of a long ({@code -9223372036854775808}). */
  private static final int MAX_LONG_DIGITS = 20;

  private byte[] bytes;
  private int length;

  AsciiBuffer(int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
    }
    this.bytes = new byte[initialCapacity];
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  byte byteAt(int index) {
    return bytes[index];
  }

  void setLength(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot set length " + newLength + " of " + length);
    }
    length = newLength;
  }

  AsciiBuffer append(char character) {
    ensureCapacity(1);
    bytes[length++] = (byte) character;
    return this;
  }

  AsciiBuffer append(byte[] text) {
    ensureCapacity(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
    return this;
  }

  /** Appends {@code text}, which must be ASCII (constants and vocabulary; not a hot path). */
  AsciiBuffer append(String text) {
    int size = text.length();
    ensureCapacity(size);
    for (int index = 0; index < size; index++) {
      bytes[length++] = (byte) text.charAt(index);
    }
    return this;
  }

  AsciiBuffer append(AsciiBuffer source, int from, int to) {
    int size = to - from;
    ensureCapacity(size);
    System.arraycopy(source.bytes, from, bytes, length, size);
    length += size;
    return this;
  }

  AsciiBuffer append(long value) {
    if (value == Long.MIN_VALUE) {
      return append(Long.toString(value));
    }
    ensureCapacity(MAX_LONG_DIGITS);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int digits = digitCount(value);
    int position = length + digits;
    do {
      bytes[--position] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    length += digits;
    return this;
  }

  /** Appends a non-negative {@code value} left-padded with zeros to {@code width} digits. */
  AsciiBuffer appendPadded(long value, int width) {
    if (value < 0) {
      throw new IllegalArgumentException("cannot pad a negative value: " + value);
    }
    int digits = Math.max(width, digitCount(value));
    ensureCapacity(digits);
    int position = length + digits;
    for (int written = 0; written < digits; written++) {
      bytes[--position] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
    return this;
  }

  /** Appends the low {@code digits} hex digits of {@code value}, lower case. */
  AsciiBuffer appendHex(long value, int digits) {
    return appendHex(value, digits, HEX_DIGITS);
  }

  /** Appends the low {@code digits} hex digits of {@code value}, upper case. */
  AsciiBuffer appendUpperHex(long value, int digits) {
    return appendHex(value, digits, UPPER_HEX_DIGITS);
  }

  /**
   * Appends {@code source[from, to)} as the inside of a JSON string. The generator writes no
   * control characters, so quotes and backslashes are all that need escaping.
   */
  AsciiBuffer appendJsonEscaped(AsciiBuffer source, int from, int to) {
    ensureCapacity(2 * (to - from));
    byte[] input = source.bytes;
    for (int index = from; index < to; index++) {
      byte character = input[index];
      if (character == '"' || character == '\\') {
        bytes[length++] = '\\';
      }
      bytes[length++] = character;
    }
    return this;
  }

  void writeTo(OutputStream output) throws IOException {
    output.write(bytes, 0, length);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }

  private AsciiBuffer appendHex(long value, int digits, byte[] alphabet) {
    if (digits < 1 || digits > 16) {
      throw new IllegalArgumentException("hex digits must be 1 to 16: " + digits);
    }
    ensureCapacity(digits);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      bytes[length++] = alphabet[(int) (value >>> shift) & 0xf];
    }
    return this;
  }

  private static int digitCount(long nonNegative) {
    int digits = 1;
    long bound = 10;
    while (digits < 19 && nonNegative >= bound) {
      digits++;
      bound *= 10;
    }
    return digits;
  }

  private void ensureCapacity(int extra) {
    int needed = length + extra;
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }
}
