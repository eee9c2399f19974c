package dev.loupe.ingest.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one logfmt line into its fields: {@code key=value key2="quoted \" value" flag}.
 *
 * <ul>
 *   <li>Pairs are separated by spaces or tabs. A key is a run of bytes other than space, tab,
 *       {@code =} and {@code "}.
 *   <li>{@code key=value}: the value runs to the next space or tab and may contain {@code =}
 *       ({@code url=/a?b=c} works) but not {@code "}. {@code key=} gives the empty value.
 *   <li>{@code key="..."}: escapes {@code \"}, {@code \\}, {@code \/}, {@code \n}, {@code \r},
 *       {@code \t}, {@code \b}, {@code \f} and {@code \}{@code uXXXX} (surrogate pairs joined, a
 *       lone surrogate becomes U+FFFD) are decoded as in JSON; any other backslash is kept as
 *       written, so Windows paths survive. The closing quote must be followed by a space, a tab or
 *       the end.
 *   <li>A bare {@code flag} is the value {@code true}, as in Heroku's logfmt.
 * </ul>
 *
 * <p>What is rejected, with the 1-based character column of the problem: a pair starting with
 * {@code =} (no key), a quote inside a key or an unquoted value, a quoted value that is not closed,
 * text right after a closing quote.
 *
 * <p>Design note: one pass over the bytes with no backtracking; values without escapes become a
 * String straight from the line's bytes, escaped ones go through one reused StringBuilder. Keys
 * repeat from line to line, so they come from a small direct-mapped cache ({@link #KEY_CACHE_SIZE}
 * slots, keyed by a hash of the key's bytes, checked byte for byte): the same key is the same
 * String on every line, as the JSON decoder's symbol table gives, and a body of random keys only
 * costs the misses. The line must be well-formed UTF-8 (the decoder repairs it first), so slicing
 * at ASCII delimiters never cuts a character. Not thread-safe: one instance per body.
 */
final class LogfmtParser {
  /** Receives each field in line order; returns a rejection reason to stop, or null. */
  @FunctionalInterface
  interface FieldSink {
    String field(String key, String value);
  }

  /** The value of a bare key. */
  static final String FLAG_VALUE = "true";

  /** Slots of the key cache: far more than the distinct keys of a real stream; a power of two. */
  static final int KEY_CACHE_SIZE = 256;

  /** Keys longer than this are not cached: real keys are short, and a long one is not worth it. */
  private static final int MAX_CACHED_KEY_BYTES = 64;

  private final StringBuilder unescaped = new StringBuilder();
  private final byte[][] cachedKeyBytes = new byte[KEY_CACHE_SIZE][];
  private final String[] cachedKeys = new String[KEY_CACHE_SIZE];

  /**
   * Parses bytes {@code [start, end)}; the rejection reason, or null when every field was handed to
   * the sink (the sink's own rejection is returned as is).
   *
   * @param lineStart where the line begins, for columns (may be before start: skipped blanks)
   */
  String parse(byte[] bytes, int lineStart, int start, int end, FieldSink sink) {
    int index = start;
    while (true) {
      index = skipSeparators(bytes, index, end);
      if (index == end) {
        return null;
      }
      if (bytes[index] == '=') {
        return "no key before '=' at column "
            + Utf8.column(bytes, lineStart, index)
            + "; write key=value";
      }
      int keyStart = index;
      while (index < end && !isSeparator(bytes[index]) && bytes[index] != '=') {
        if (bytes[index] == '"') {
          return "quote in a key at column "
              + Utf8.column(bytes, lineStart, index)
              + "; keys are unquoted words, write key=\"a value\"";
        }
        index++;
      }
      String key = key(bytes, keyStart, index);
      String rejection;
      if (index == end || isSeparator(bytes[index])) {
        rejection = sink.field(key, FLAG_VALUE);
      } else {
        index++; // the '='
        if (index < end && bytes[index] == '"') {
          int valueEnd = quotedValueEnd(bytes, index, end);
          if (valueEnd < 0) {
            return "quoted value of "
                + Reasons.quote(key)
                + " starting at column "
                + Utf8.column(bytes, lineStart, index)
                + " is not closed; end it with a quote, and write a quote inside it as \\\"";
          }
          if (valueEnd < end && !isSeparator(bytes[valueEnd])) {
            return "text right after the closing quote at column "
                + Utf8.column(bytes, lineStart, valueEnd)
                + "; put a space between pairs";
          }
          rejection = sink.field(key, unescape(bytes, index + 1, valueEnd - 1));
          index = valueEnd;
        } else {
          int valueStart = index;
          while (index < end && !isSeparator(bytes[index])) {
            if (bytes[index] == '"') {
              return "quote in the unquoted value of "
                  + Reasons.quote(key)
                  + " at column "
                  + Utf8.column(bytes, lineStart, index)
                  + "; quote the whole value, like key=\"a \\\"b\\\"\"";
            }
            index++;
          }
          String value = new String(bytes, valueStart, index - valueStart, StandardCharsets.UTF_8);
          rejection = sink.field(key, value);
        }
      }
      if (rejection != null) {
        return rejection;
      }
    }
  }

  /** The key in bytes [start, end), from the cache when it was seen before. */
  private String key(byte[] bytes, int start, int end) {
    int length = end - start;
    if (length > MAX_CACHED_KEY_BYTES) {
      return new String(bytes, start, length, StandardCharsets.UTF_8);
    }
    int hash = length;
    for (int index = start; index < end; index++) {
      hash = 31 * hash + bytes[index];
    }
    int slot = (hash ^ (hash >>> 16)) & (KEY_CACHE_SIZE - 1);
    byte[] cached = cachedKeyBytes[slot];
    if (cached != null && Arrays.equals(cached, 0, cached.length, bytes, start, end)) {
      return cachedKeys[slot];
    }
    String key = new String(bytes, start, length, StandardCharsets.UTF_8);
    cachedKeyBytes[slot] = Arrays.copyOfRange(bytes, start, end);
    cachedKeys[slot] = key;
    return key;
  }

  /** Whether the bytes hold a '=' at all: a line without one is a message, not pairs. */
  static boolean hasPair(byte[] bytes, int start, int end) {
    for (int index = start; index < end; index++) {
      if (bytes[index] == '=') {
        return true;
      }
    }
    return false;
  }

  /** The index just after the closing quote of the value whose opening quote is at open, or -1. */
  private static int quotedValueEnd(byte[] bytes, int open, int end) {
    int index = open + 1;
    while (index < end) {
      byte b = bytes[index];
      if (b == '"') {
        return index + 1;
      }
      index += b == '\\' ? 2 : 1;
    }
    return -1;
  }

  /** The text between the quotes, [start, end), with its escapes decoded. */
  private String unescape(byte[] bytes, int start, int end) {
    int firstEscape = indexOf(bytes, start, end, (byte) '\\');
    if (firstEscape < 0) {
      return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
    unescaped.setLength(0);
    int segmentStart = start;
    int index = firstEscape;
    while (index < end) {
      if (bytes[index] != '\\') {
        index++;
        continue;
      }
      unescaped.append(
          new String(bytes, segmentStart, index - segmentStart, StandardCharsets.UTF_8));
      index = appendEscape(bytes, index, end);
      segmentStart = index;
    }
    unescaped.append(new String(bytes, segmentStart, end - segmentStart, StandardCharsets.UTF_8));
    return unescaped.toString();
  }

  /** Appends the escape at the backslash at index; returns the index after it. */
  private int appendEscape(byte[] bytes, int backslash, int end) {
    if (backslash + 1 >= end) {
      unescaped.append('\\');
      return end;
    }
    byte escaped = bytes[backslash + 1];
    char simple =
        switch (escaped) {
          case '"' -> '"';
          case '\\' -> '\\';
          case '/' -> '/';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'b' -> '\b';
          case 'f' -> '\f';
          default -> 0;
        };
    if (simple != 0) {
      unescaped.append(simple);
      return backslash + 2;
    }
    if (escaped == 'u') {
      int unit = hex4(bytes, backslash + 2, end);
      if (unit >= 0) {
        return appendUnicodeEscape(bytes, backslash + 6, end, (char) unit);
      }
    }
    // Not an escape: kept as written (a Windows path, a regex).
    unescaped.append('\\');
    return backslash + 1;
  }

  /** Appends one UTF-16 unit from an escape, pairing surrogates; returns the index after it. */
  private int appendUnicodeEscape(byte[] bytes, int after, int end, char unit) {
    if (Character.isHighSurrogate(unit)) {
      boolean lowFollows = after + 1 < end && bytes[after] == '\\' && bytes[after + 1] == 'u';
      int low = lowFollows ? hex4(bytes, after + 2, end) : -1;
      if (low >= 0 && Character.isLowSurrogate((char) low)) {
        unescaped.append(unit).append((char) low);
        return after + 6;
      }
      unescaped.append('\uFFFD');
      return after;
    }
    unescaped.append(Character.isLowSurrogate(unit) ? '\uFFFD' : unit);
    return after;
  }

  /** The value of four hex digits at start, or -1. */
  private static int hex4(byte[] bytes, int start, int end) {
    if (start + 4 > end) {
      return -1;
    }
    int value = 0;
    for (int index = start; index < start + 4; index++) {
      int digit = Character.digit(bytes[index], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static int indexOf(byte[] bytes, int start, int end, byte wanted) {
    for (int index = start; index < end; index++) {
      if (bytes[index] == wanted) {
        return index;
      }
    }
    return -1;
  }

  private static int skipSeparators(byte[] bytes, int index, int end) {
    while (index < end && isSeparator(bytes[index])) {
      index++;
    }
    return index;
  }

  private static boolean isSeparator(byte b) {
    return b == ' ' || b == '\t';
  }
}
