package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.loupe.core.Field;
import java.time.Instant;
import java.util.stream.Collectors;

/** Helpers shared by the syslog parser tests. */
final class SyslogTesting {
  private SyslogTesting() {}

  /** A cursor over the message, standing just after its priority {@code <...>}. */
  static SyslogCursor afterPriority(byte[] bytes) {
    SyslogCursor cursor = new SyslogCursor();
    cursor.reset(bytes, 0, bytes.length);
    int close = 0;
    while (bytes[close] != '>') {
      close++;
    }
    cursor.skip(close + 1);
    return cursor;
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  /** {@code sd.a.b=1;sd.a.c=2}: the structured-data fields in one line, for tables. */
  static String structuredData(SyslogMessage message) {
    return message.structuredData.stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(";"));
  }

  /** Every field of a record as {@code name=value;...}, for tables. */
  static String fields(java.util.List<Field> fields) {
    return fields.stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(";"));
  }
}
