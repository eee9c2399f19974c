package dev.loupe.ingest.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checks and repairs UTF-8 so that invalid bytes in a line become U+FFFD instead of failing the
 * line: JSON parsers reject invalid UTF-8, while log shippers do pass on whatever bytes a program
 * wrote.
 *
 * <p>Design note: validation follows the well-formed byte sequences of the Unicode Standard, table
 * 3-7 (no overlong forms, no surrogates, nothing above U+10FFFF), which is exactly what the JDK's
 * UTF-8 decoder accepts, so a line this class calls valid decodes without replacement. Log lines
 * are mostly ASCII: eight bytes are tested at a time until the first non-ASCII byte. Repair is the
 * rare path and simply lets the JDK decoder replace invalid sequences with U+FFFD, then encodes the
 * result again. (The JDK replaces an encoded surrogate with one U+FFFD where Unicode's recommended
 * practice gives three; both are conformant.)
 */
final class Utf8 {
  private static final VarHandle LONG_VIEW =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  static boolean isValid(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int index = offset;
    while (index + Long.BYTES <= end && ((long) LONG_VIEW.get(bytes, index) & HIGH_BITS) == 0) {
      index += Long.BYTES;
    }
    while (index < end) {
      int lead = bytes[index] & 0xFF;
      if (lead < 0x80) {
        index++;
        continue;
      }
      int sequenceLength = validSequenceLength(bytes, index, end, lead);
      if (sequenceLength == 0) {
        return false;
      }
      index += sequenceLength;
    }
    return true;
  }

  /** A copy of the bytes in which every invalid sequence is replaced by U+FFFD. */
  static byte[] replaceInvalid(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The length of the well-formed sequence starting with {@code lead} at index, or 0. */
  private static int validSequenceLength(byte[] bytes, int index, int end, int lead) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      return index + 1 < end && isContinuation(bytes[index + 1], 0x80, 0xBF) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      int secondLow = lead == 0xE0 ? 0xA0 : 0x80;
      int secondHigh = lead == 0xED ? 0x9F : 0xBF;
      boolean valid =
          index + 2 < end
              && isContinuation(bytes[index + 1], secondLow, secondHigh)
              && isContinuation(bytes[index + 2], 0x80, 0xBF);
      return valid ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      int secondLow = lead == 0xF0 ? 0x90 : 0x80;
      int secondHigh = lead == 0xF4 ? 0x8F : 0xBF;
      boolean valid =
          index + 3 < end
              && isContinuation(bytes[index + 1], secondLow, secondHigh)
              && isContinuation(bytes[index + 2], 0x80, 0xBF)
              && isContinuation(bytes[index + 3], 0x80, 0xBF);
      return valid ? 4 : 0;
    }
    return 0;
  }

  private static boolean isContinuation(byte value, int low, int high) {
    int unsigned = value & 0xFF;
    return unsigned >= low && unsigned <= high;
  }

  /** The index of the first byte that is not a blank or a UTF-8 byte order mark, or end. */
  static int skipBlanksAndByteOrderMark(byte[] bytes, int start, int end) {
    int index = start;
    while (index < end) {
      byte b = bytes[index];
      if (b == ' ' || b == '\t' || b == '\r') {
        index++;
      } else if (isByteOrderMark(bytes, index, end)) {
        index += 3;
      } else {
        return index;
      }
    }
    return end;
  }

  private static boolean isByteOrderMark(byte[] bytes, int index, int end) {
    return index + 2 < end
        && bytes[index] == (byte) 0xEF
        && bytes[index + 1] == (byte) 0xBB
        && bytes[index + 2] == (byte) 0xBF;
  }

  /**
   * The 1-based column, in characters (code points), of the byte at {@code position} of a line of
   * well-formed UTF-8 starting at {@code lineStart}: what an editor shows, for error messages.
   */
  static int column(byte[] bytes, int lineStart, int position) {
    int characters = 0;
    for (int index = lineStart; index < position; index++) {
      if ((bytes[index] & 0xC0) != 0x80) {
        characters++;
      }
    }
    return characters + 1;
  }
}
