package dev.loupe.query.testing;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds test records tersely. */
public final class Records {
  private Records() {}

  public static Stream stream(String service) {
    return Stream.of(Stream.DEFAULT_TENANT, Map.of("service", service));
  }

  /** A record; {@code fieldPairs} alternate names and values. */
  public static LogRecord record(
      Stream stream, long timeNanos, String message, String... fieldPairs) {
    if (fieldPairs.length % 2 != 0) {
      throw new IllegalArgumentException("field pairs come in twos");
    }
    List<Field> fields = new ArrayList<>();
    for (int index = 0; index < fieldPairs.length; index += 2) {
      fields.add(new Field(fieldPairs[index], fieldPairs[index + 1]));
    }
    return new LogRecord(stream, timeNanos, message, fields);
  }

  /** A block of one stream with one row per message, at times 1, 2, 3, ... */
  public static InMemoryBlock block(String service, String... messages) {
    Stream stream = stream(service);
    List<LogRecord> records = new ArrayList<>();
    for (int index = 0; index < messages.length; index++) {
      records.add(record(stream, index + 1, messages[index]));
    }
    return new InMemoryBlock(records);
  }
}
