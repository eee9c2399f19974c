package dev.loupe.storage.wal;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deterministic records for WAL tests: batch {@code n} always holds the same records. */
final class TestRecords {
  static final Stream CHECKOUT =
      Stream.of(Stream.DEFAULT_TENANT, Map.of("service", "checkout", "host", "web-1"));
  static final Stream DATABASE = Stream.of("acme", Map.of("service", "db", "role", "primary"));

  private static final long BASE_TIME_NANOS = 1_763_000_000_000_000_000L;

  private TestRecords() {}

  /** {@code size} records of two streams, with fields, an empty message and non-ASCII text. */
  static List<LogRecord> batch(int batchNumber, int size) {
    List<LogRecord> records = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Stream stream = i % 3 == 2 ? DATABASE : CHECKOUT;
      long timeNanos = BASE_TIME_NANOS + batchNumber * 1_000_000_000L + i * 1_000L;
      String message =
          i % 5 == 4
              ? ""
              : "GET /api/orders/" + (batchNumber * 1000 + i) + " 200 12ms user=zoë ünïcode ✓ 😀";
      records.add(
          new LogRecord(
              stream,
              timeNanos,
              message,
              List.of(
                  new Field("level", i % 7 == 0 ? "error" : "info"),
                  new Field("http.status", Integer.toString(200 + i % 4)),
                  new Field("batch", Integer.toString(batchNumber)))));
    }
    return records;
  }
}
