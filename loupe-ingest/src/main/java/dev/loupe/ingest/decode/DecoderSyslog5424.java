package dev.loupe.ingest.decode;

import dev.loupe.core.Field;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the part of an RFC 5424 message after its priority:
 *
 * <pre>
 * VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
 * </pre>
 *
 * <p>Each header field may be the NILVALUE {@code -}, which leaves it absent. TIMESTAMP is RFC 3339
 * with any number of fraction digits and an offset ({@code Z}, {@code +02:00}), read by {@link
 * TimeParser}. STRUCTURED-DATA is {@code -} or one or more elements {@code [id name="value" ...]},
 * each parameter becoming the field {@code sd.<id>.<name>} (an element without parameters gives
 * {@code sd.<id>} with an empty value); in values {@code \"}, {@code \\} and {@code \]} stand for
 * the character after the backslash, and a backslash before anything else is kept, as §6.3.3 says.
 * A {@code ]} inside the quotes is taken as is even unescaped (some senders forget to escape it).
 * MSG starts after one space; a UTF-8 byte order mark before it is removed.
 *
 * <p>Lenient where the RFC only bounds lengths (host names over 255 bytes, app names over 48 are
 * kept), strict where the structure is at stake: a missing space, a bad timestamp or broken
 * structured data fails the message with its byte position, and the caller keeps it as plain text.
 *
 * <p>Design note: parsing is on bytes with one cursor and no regular expressions; the only
 * allocations are the strings the record keeps (values with escapes take one extra copy). Stateless
 * and thread-safe.
 */
final class DecoderSyslog5424 {
  private static final int BOM_1 = 0xEF;
  private static final int BOM_2 = 0xBB;
  private static final int BOM_3 = 0xBF;

  private DecoderSyslog5424() {}

  /**
   * True when the cursor (just after the priority) is at a VERSION followed by a space: a nonzero
   * digit and at most two more digits. RFC 3164 messages have a month name or an RFC 3339 date
   * there, so this tells the two apart.
   */
  static boolean startsWithVersion(SyslogCursor cursor) {
    int first = cursor.peek();
    if (first < '1' || first > '9') {
      return false;
    }
    for (int ahead = 1; ahead <= 3; ahead++) {
      int next = cursor.peek(ahead);
      if (next == ' ') {
        return true;
      }
      if (next < '0' || next > '9') {
        return false;
      }
    }
    return false;
  }

  /** Fills {@code message} from the cursor, which stands just after the priority. */
  static void parse(SyslogCursor cursor, SyslogMessage message) throws SyslogSyntaxException {
    if (!startsWithVersion(cursor)) {
      throw new SyslogSyntaxException(
          cursor.position(), "expected the version 1 but found " + cursor.found());
    }
    cursor.moveTo(cursor.nextSpace());
    cursor.expectSpace("version");
    message.timeNanos = timestamp(cursor);
    cursor.expectSpace("timestamp");
    message.host = nilOrToken(cursor, "host name");
    cursor.expectSpace("host name");
    message.appName = nilOrToken(cursor, "app name");
    cursor.expectSpace("app name");
    message.procId = nilOrToken(cursor, "process id");
    cursor.expectSpace("process id");
    message.msgId = nilOrToken(cursor, "message id");
    cursor.expectSpace("message id");
    structuredData(cursor, message);
    if (cursor.atEnd()) {
      return;
    }
    cursor.expect(' ', "a space or the end of the message after the structured data");
    message.message = messageText(cursor);
  }

  private static long timestamp(SyslogCursor cursor) throws SyslogSyntaxException {
    int position = cursor.position();
    if (isNil(cursor)) {
      cursor.skip(1);
      return SyslogMessage.NO_TIME;
    }
    String text = cursor.token("timestamp");
    long nanos = looksLikeDateTime(text) ? TimeParser.parse(text, 0) : TimeParser.INVALID;
    if (nanos == TimeParser.INVALID) {
      throw new SyslogSyntaxException(
          position,
          "invalid timestamp "
              + Reasons.quote(text)
              + "; expected RFC 3339 like 2024-05-01T12:00:00.123+02:00, or - for none");
    }
    return nanos;
  }

  /** {@code YYYY-MM-DDT...}: TimeParser alone would also take Unix times, which 5424 forbids. */
  private static boolean looksLikeDateTime(String text) {
    return text.length() >= 19 && text.charAt(4) == '-' && (text.charAt(10) | 0x20) == 't';
  }

  /** The NILVALUE: a {@code -} alone, followed by a space or the end. */
  private static boolean isNil(SyslogCursor cursor) {
    if (cursor.peek() != '-') {
      return false;
    }
    int next = cursor.peek(1);
    return next == ' ' || next == -1;
  }

  private static String nilOrToken(SyslogCursor cursor, String what) throws SyslogSyntaxException {
    if (isNil(cursor)) {
      cursor.skip(1);
      return null;
    }
    return cursor.token(what);
  }

  private static void structuredData(SyslogCursor cursor, SyslogMessage message)
      throws SyslogSyntaxException {
    if (isNil(cursor)) {
      cursor.skip(1);
      return;
    }
    if (cursor.peek() != '[') {
      throw new SyslogSyntaxException(
          cursor.position(), "expected structured data ('[' or -) but found " + cursor.found());
    }
    while (cursor.peek() == '[') {
      element(cursor, message);
    }
  }

  private static void element(SyslogCursor cursor, SyslogMessage message)
      throws SyslogSyntaxException {
    cursor.expect('[', "'['");
    String id = name(cursor, "structured data id");
    String prefix = "sd." + id + ".";
    boolean anyParameter = false;
    while (cursor.peek() == ' ') {
      cursor.skip(1);
      String parameter = name(cursor, "parameter name");
      cursor.expect('=', "'=' after the parameter name");
      cursor.expect('"', "'\"' to open the parameter value");
      message.structuredData.add(new Field(prefix + parameter, value(cursor)));
      anyParameter = true;
    }
    cursor.expect(']', "']' or a space and a parameter in the structured data element");
    if (!anyParameter) {
      message.structuredData.add(new Field("sd." + id, ""));
    }
  }

  /** SD-NAME: printable ASCII but {@code = ] "} and space, at least one byte. */
  private static String name(SyslogCursor cursor, String what) throws SyslogSyntaxException {
    int start = cursor.absolute();
    int at = start;
    while (isNameByte(cursor.byteAt(at))) {
      at++;
    }
    if (at == start) {
      throw new SyslogSyntaxException(
          cursor.position(), "expected a " + what + " but found " + cursor.found());
    }
    cursor.moveTo(at);
    return cursor.text(start, at);
  }

  private static boolean isNameByte(int value) {
    return value > ' ' && value < 0x7F && value != '=' && value != ']' && value != '"';
  }

  /** PARAM-VALUE after its opening quote, through the closing quote. */
  private static String value(SyslogCursor cursor) throws SyslogSyntaxException {
    int start = cursor.absolute();
    int at = start;
    boolean escaped = false;
    while (true) {
      int current = cursor.byteAt(at);
      if (current == -1) {
        cursor.moveTo(start);
        throw new SyslogSyntaxException(
            cursor.position(), "parameter value has no closing '\"' before the end of the message");
      }
      if (current == '"') {
        break;
      }
      if (current == '\\') {
        escaped = true;
        at++;
        if (cursor.byteAt(at) == -1) {
          continue;
        }
      }
      at++;
    }
    cursor.moveTo(at + 1);
    return escaped ? unescape(cursor, start, at) : cursor.text(start, at);
  }

  private static String unescape(SyslogCursor cursor, int start, int end) {
    ByteArrayOutputStream unescaped = new ByteArrayOutputStream(end - start);
    for (int at = start; at < end; at++) {
      int current = cursor.byteAt(at);
      int next = at + 1 < end ? cursor.byteAt(at + 1) : -1;
      if (current == '\\' && (next == '"' || next == '\\' || next == ']')) {
        unescaped.write(next);
        at++;
      } else {
        unescaped.write(current);
      }
    }
    return unescaped.toString(StandardCharsets.UTF_8);
  }

  private static String messageText(SyslogCursor cursor) {
    int start = cursor.absolute();
    int end = start + cursor.remaining();
    if (cursor.byteAt(start) == BOM_1
        && cursor.byteAt(start + 1) == BOM_2
        && cursor.byteAt(start + 2) == BOM_3) {
      start += 3;
    }
    cursor.moveTo(end);
    return cursor.text(start, end);
  }
}
