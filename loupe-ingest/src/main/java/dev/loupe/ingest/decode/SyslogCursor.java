package dev.loupe.ingest.decode;

import java.nio.charset.StandardCharsets;

/**
 * Reads one syslog message left to right, on bytes: the header is ASCII, so tokens are found
 * without decoding characters, and only the values a record keeps become strings (as UTF-8, invalid
 * bytes replaced with U+FFFD). Positions in errors are 0-based from the message start. Not
 * thread-safe; reset for each message.
 */
final class SyslogCursor {
  private static final byte SPACE = ' ';

  private byte[] bytes;
  private int start;
  private int end;
  private int index;

  void reset(byte[] newBytes, int offset, int length) {
    bytes = newBytes;
    start = offset;
    end = offset + length;
    index = offset;
  }

  /** The position of the next byte, from the message start. */
  int position() {
    return index - start;
  }

  boolean atEnd() {
    return index >= end;
  }

  int remaining() {
    return end - index;
  }

  /** The next byte (0 to 255) without consuming it, or -1 at the end. */
  int peek() {
    return index < end ? bytes[index] & 0xFF : -1;
  }

  /** The byte {@code ahead} places after the next, or -1 beyond the end. */
  int peek(int ahead) {
    int at = index + ahead;
    return at < end ? bytes[at] & 0xFF : -1;
  }

  void skip(int count) {
    index = Math.min(end, index + count);
  }

  /** Consumes {@code expected} or fails with what was expected instead. */
  void expect(char expected, String what) throws SyslogSyntaxException {
    if (peek() != expected) {
      throw new SyslogSyntaxException(position(), "expected " + what + " but found " + found());
    }
    index++;
  }

  /** Consumes one space, which RFC 5424 puts between header fields. */
  void expectSpace(String after) throws SyslogSyntaxException {
    expect(' ', "a space after the " + after);
  }

  /**
   * Consumes a non-empty run of bytes up to the next space (not consumed) or the end, and returns
   * it as text; fails at a space or the end.
   */
  String token(String what) throws SyslogSyntaxException {
    int tokenStart = index;
    while (index < end && bytes[index] != SPACE) {
      index++;
    }
    if (index == tokenStart) {
      throw new SyslogSyntaxException(position(), "expected the " + what + " but found " + found());
    }
    return text(tokenStart, index);
  }

  /** The index (absolute) of the next space at or after the cursor, or the end. */
  int nextSpace() {
    int at = index;
    while (at < end && bytes[at] != SPACE) {
      at++;
    }
    return at;
  }

  /** Absolute index of the next byte; with {@link #text} and {@link #moveTo} for lookahead. */
  int absolute() {
    return index;
  }

  void moveTo(int absoluteIndex) {
    index = absoluteIndex;
  }

  int byteAt(int absoluteIndex) {
    return absoluteIndex < end ? bytes[absoluteIndex] & 0xFF : -1;
  }

  /** The bytes [from, to) (absolute) as UTF-8 text, invalid sequences replaced with U+FFFD. */
  String text(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** What follows the cursor, quoted for an error: the next byte or "the end of the message". */
  String found() {
    if (index >= end) {
      return "the end of the message";
    }
    int next = bytes[index] & 0xFF;
    if (next == ' ') {
      return "a space";
    }
    if (next < 0x20 || next >= 0x7F) {
      return String.format("byte 0x%02x", next);
    }
    return "'" + (char) next + "'";
  }
}
