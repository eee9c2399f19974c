package dev.loupe.cli.simulate;

import java.util.Locale;

/**
 * The text of a line in each output's format. One instance per output (it holds a {@link
 * TimeText}); not thread-safe.
 *
 * <ul>
 *   <li>{@link #ndjson}: what is shipped to Loupe ({@code --output -} and HTTP): one JSON object
 *       with {@code _time}, the stream fields {@code service}, {@code host}, {@code source}, {@code
 *       level}, {@code _msg} and the line's fields. Access lines ship their whole combined-log line
 *       as {@code _msg}, as a file shipper would; syslog lines the message after the tag, as a
 *       syslog receiver would. Template ids are never shipped: they are labels, not data.
 *   <li>{@link #combinedLog}: an Apache combined access log line.
 *   <li>{@link #appJson}: the JSON line a service's logger (logback with a JSON encoder) writes.
 *   <li>{@link #syslog3164}: a line of {@code /var/log/syslog}.
 *   <li>{@link #syslog5424}: an RFC 5424 message, the line's fields as structured data.
 * </ul>
 */
final class Formats {
  /**
   * The structured-data id of the line's fields in RFC 5424 messages: the private enterprise number
   * 32473 is the one RFC 5612 reserves for documentation and examples.
   */
  static final String STRUCTURED_DATA_ID = "loupe@32473";

  private final TimeText time = new TimeText();

  void ndjson(StringBuilder out, Line line) {
    out.append("{\"_time\":\"");
    time.set(line.timeNanos()).appendRfc3339Micros(out);
    out.append("\",\"service\":");
    JsonText.appendString(out, line.service());
    out.append(",\"host\":");
    JsonText.appendString(out, line.host());
    out.append(",\"source\":\"").append(line.source().label());
    out.append("\",\"level\":\"").append(line.level()).append("\",\"_msg\":\"");
    if (line.source() == Source.ACCESS) {
      JsonText.appendEscaped(out, line.client());
      out.append(" - - [");
      time.appendApache(out);
      out.append("] ");
    }
    JsonText.appendEscaped(out, line.content());
    out.append('"');
    if (line.source() == Source.ACCESS) {
      out.append(",\"client_ip\":");
      JsonText.appendString(out, line.client());
    }
    if (line.source() == Source.SYSLOG) {
      if (line.pid() > 0) {
        out.append(",\"pid\":").append(line.pid());
      }
      out.append(",\"facility\":\"").append(Facility.of(line).label()).append('"');
    }
    for (LineField field : line.fields()) {
      JsonText.appendField(out, field);
    }
    out.append("}\n");
  }

  /** {@code 203.0.113.7 - - [21/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 ...} */
  void combinedLog(StringBuilder out, Line line) {
    out.append(line.client()).append(" - - [");
    time.set(line.timeNanos()).appendApache(out);
    out.append("] ").append(line.content()).append('\n');
  }

  /** {@code {"ts":"...","level":"INFO","service":"checkout","logger":...,"msg":...}} */
  void appJson(StringBuilder out, Line line) {
    out.append("{\"ts\":\"");
    time.set(line.timeNanos()).appendRfc3339Millis(out);
    out.append("\",\"level\":\"").append(line.level().toUpperCase(Locale.ROOT));
    out.append("\",\"service\":");
    JsonText.appendString(out, line.service());
    for (LineField field : line.fields()) {
      if (field.name().equals("logger") || field.name().equals("thread")) {
        JsonText.appendField(out, field);
      }
    }
    out.append(",\"msg\":");
    JsonText.appendString(out, line.content());
    for (LineField field : line.fields()) {
      if (!field.name().equals("logger") && !field.name().equals("thread")) {
        JsonText.appendField(out, field);
      }
    }
    out.append("}\n");
  }

  /** {@code Nov 21 10:00:00 app-03 sshd[4242]: Failed password for ...} */
  void syslog3164(StringBuilder out, Line line) {
    time.set(line.timeNanos()).appendSyslog(out);
    out.append(' ').append(line.host()).append(' ').append(line.service());
    if (line.pid() > 0) {
      out.append('[').append(line.pid()).append(']');
    }
    out.append(": ").append(line.content()).append('\n');
  }

  /**
   * {@code <86>1 2026-11-21T10:00:00.123456Z app-03 sshd 4242 - - Failed password ...}: the message
   * alone, without framing. MSGID is the source ({@code access}, {@code app}) for nginx and the
   * services, nil for the daemons. The message may hold newlines (stack traces): octet counting
   * frames it whole over TCP.
   */
  void syslog5424(StringBuilder out, Line line) {
    int priority = Facility.of(line).code() * 8 + Facility.severity(line.level());
    out.append('<').append(priority).append(">1 ");
    time.set(line.timeNanos()).appendRfc3339Micros(out);
    out.append(' ').append(line.host()).append(' ').append(line.service()).append(' ');
    if (line.pid() > 0) {
      out.append(line.pid());
    } else {
      out.append('-');
    }
    out.append(' ')
        .append(line.source() == Source.SYSLOG ? "-" : line.source().label())
        .append(' ');
    appendStructuredData(out, line);
    out.append(' ');
    if (line.source() == Source.ACCESS) {
      out.append(line.client()).append(" - - [");
      time.appendApache(out);
      out.append("] ");
    }
    out.append(line.content());
  }

  private static void appendStructuredData(StringBuilder out, Line line) {
    if (line.source() != Source.APP) {
      out.append('-');
      return;
    }
    out.append('[').append(STRUCTURED_DATA_ID).append(" level=\"").append(line.level()).append('"');
    for (LineField field : line.fields()) {
      out.append(' ').append(field.name()).append("=\"");
      appendParameterValue(out, field.value());
      out.append('"');
    }
    out.append(']');
  }

  /** RFC 5424 §6.3.3: inside a PARAM-VALUE, {@code "}, {@code \} and {@code ]} are escaped. */
  private static void appendParameterValue(StringBuilder out, String value) {
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      if (character == '"' || character == '\\' || character == ']') {
        out.append('\\');
      }
      out.append(character);
    }
  }
}
