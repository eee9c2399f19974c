package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordOrderTest {

  @Test
  void sortsByUnsignedStreamIdThenTime() {
    Stream low = new Stream("default", "{a=\"1\"}", new StreamId(1, 0));
    Stream high = new Stream("default", "{a=\"2\"}", new StreamId(-1, 0)); // unsigned: largest
    List<LogRecord> records =
        new ArrayList<>(List.of(record(high, 5), record(low, 9), record(high, 1), record(low, 3)));
    records.sort(RecordOrder.BY_STREAM_THEN_TIME);
    assertThat(records)
        .extracting(record -> record.stream().id().high() + "@" + record.timeNanos())
        .containsExactly("1@3", "1@9", "-1@1", "-1@5");
  }

  @Test
  void equalKeysKeepTheirOrderUnderAStableSort() {
    Stream stream = new Stream("default", "{}", new StreamId(1, 1));
    LogRecord first = new LogRecord(stream, 7, "first", List.of());
    LogRecord second = new LogRecord(stream, 7, "second", List.of());
    List<LogRecord> records = new ArrayList<>(List.of(first, second));
    records.sort(RecordOrder.BY_STREAM_THEN_TIME);
    assertThat(records).containsExactly(first, second);
  }

  private static LogRecord record(Stream stream, long time) {
    return new LogRecord(stream, time, "", List.of());
  }
}
