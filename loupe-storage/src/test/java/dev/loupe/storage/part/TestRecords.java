package dev.loupe.storage.part;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Records for part tests: several streams and tenants, fields of every kind, some sparse. */
final class TestRecords {
  static final Stream API = Stream.of("default", Map.of("service", "api", "host", "web-1"));
  static final Stream DATABASE = Stream.of("default", Map.of("service", "db"));
  static final Stream OTHER_TENANT = Stream.of("acme", Map.of("service", "api"));
  static final long START_NANOS = 1_763_800_000_000_000_000L;

  private static final String[] LEVELS = {"info", "warn", "error", "debug"};
  private static final String[] WORDS = {
    "request",
    "served",
    "timeout",
    "connection",
    "reset",
    "cache",
    "miss",
    "späť",
    "ошибка",
    "日志",
    "🚀"
  };

  private TestRecords() {}

  /**
   * {@code perStream} records in each of the three streams, unsorted. Fields: {@code level}
   * (dictionary), {@code status} (integer), {@code user} (high cardinality), {@code duration_ms}
   * (integer, a third of the rows), {@code trace} (a tenth of the rows), {@code code} (looks
   * numeric but is not canonical).
   */
  static List<LogRecord> mixed(int perStream, long seed) {
    Random random = new Random(seed);
    List<LogRecord> records = new ArrayList<>();
    for (Stream stream : List.of(API, DATABASE, OTHER_TENANT)) {
      long time = START_NANOS;
      for (int i = 0; i < perStream; i++) {
        time += 1 + random.nextInt(5_000_000);
        records.add(record(stream, time, i, random));
      }
    }
    java.util.Collections.shuffle(records, random);
    return records;
  }

  private static LogRecord record(Stream stream, long time, int i, Random random) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("level", LEVELS[random.nextInt(LEVELS.length)]));
    fields.add(new Field("status", Integer.toString(200 + random.nextInt(400))));
    fields.add(new Field("user", "user-" + random.nextInt(1_000_000)));
    if (i % 3 == 0) {
      fields.add(new Field("duration_ms", Long.toString(random.nextInt(10_000) - 50)));
    }
    if (i % 10 == 0) {
      fields.add(new Field("trace", Long.toHexString(random.nextLong())));
    }
    fields.add(new Field("code", i % 2 == 0 ? "007" : "42"));
    String message =
        WORDS[random.nextInt(WORDS.length)]
            + " "
            + WORDS[random.nextInt(WORDS.length)]
            + " in "
            + random.nextInt(1000)
            + "ms id="
            + i;
    return new LogRecord(stream, time, message, fields);
  }

  static List<LogRecord> sorted(List<LogRecord> records) {
    List<LogRecord> sorted = new ArrayList<>(records);
    sorted.sort(RecordOrder.BY_STREAM_THEN_TIME);
    return sorted;
  }

  /** What a part gives back for {@code record}: fields by name, the first of duplicate names. */
  static LogRecord normalized(LogRecord record) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Field field : record.fields()) {
      fields.putIfAbsent(field.name(), field.value());
    }
    List<Field> byName =
        fields.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> new Field(entry.getKey(), entry.getValue()))
            .toList();
    return new LogRecord(record.stream(), record.timeNanos(), record.message(), byName);
  }

  static PartInfo write(Path directory, List<LogRecord> sortedRecords, int blockRows) {
    try (PartWriter writer = PartWriter.create(directory, new PartWriterOptions(blockRows, 3))) {
      sortedRecords.forEach(writer::add);
      return writer.finish(77);
    }
  }

  static final Comparator<LogRecord> ORDER = RecordOrder.BY_STREAM_THEN_TIME;
}
