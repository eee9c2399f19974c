package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemtableTest {
  private static final Stream STREAM = Stream.of("default", Map.of("service", "api"));

  private static LogRecord record(long time, String message) {
    return new LogRecord(STREAM, time, message, List.of());
  }

  private static List<String> messages(MemtableView view) {
    List<String> messages = new ArrayList<>();
    for (Iterator<LogRecord> records = view.recordsInPartOrder(); records.hasNext(); ) {
      messages.add(records.next().message());
    }
    return messages;
  }

  @Test
  void aViewIsInTimeOrderWithEqualTimesInArrivalOrder() {
    Memtable memtable = new Memtable();
    memtable.add(List.of(record(30, "c"), record(10, "a1"), record(20, "b"), record(10, "a2")), 1);

    assertThat(messages(memtable.view(2))).containsExactly("a1", "a2", "b", "c");
  }

  @Test
  void laterViewsMergeNewArrivalsIntoTheEarlierSortedRecords() {
    Memtable memtable = new Memtable();
    memtable.add(List.of(record(30, "c"), record(10, "a")), 1);
    MemtableView first = memtable.view(2);
    memtable.add(List.of(record(20, "b1"), record(5, "z"), record(30, "c2"), record(20, "b2")), 2);
    MemtableView second = memtable.view(2);
    memtable.add(List.of(record(1, "y")), 3);

    assertThat(messages(first)).containsExactly("a", "c");
    assertThat(messages(second)).containsExactly("z", "a", "b1", "b2", "c", "c2");
    assertThat(messages(memtable.view(2))).containsExactly("y", "z", "a", "b1", "b2", "c", "c2");
  }

  @Test
  void blocksListTheColumnsOfTheirStreamReadOncePerRecord() {
    Memtable memtable = new Memtable();
    memtable.add(List.of(new LogRecord(STREAM, 1, "a", List.of(new Field("status", "200")))), 1);
    MemtableView first = memtable.view(16);
    memtable.add(List.of(new LogRecord(STREAM, 2, "b", List.of(new Field("latency_ms", "7")))), 2);
    MemtableView second = memtable.view(16);

    assertThat(first.blocks(TimeRange.ALL).get(0).columnNames())
        .contains("status", FieldNames.MESSAGE, FieldNames.TIME)
        .doesNotContain("latency_ms");
    assertThat(second.blocks(TimeRange.ALL).get(0).columnNames()).contains("status", "latency_ms");
  }

  @Test
  void aCaptureSeesOnlyWhatWasThereWhenItWasTakenEvenAfterTheArrayGrows() {
    Memtable memtable = new Memtable();
    memtable.add(List.of(record(2, "b"), record(1, "a")), 1);
    List<Memtable.StreamCapture> captured = memtable.capture();
    List<LogRecord> many = new ArrayList<>();
    for (int index = 0; index < 100; index++) {
      many.add(record(0, "early" + index));
    }
    memtable.add(many, 2);

    MemtableView view = Memtable.view(captured, 16);
    assertThat(messages(view)).containsExactly("a", "b");
    assertThat(view.rows()).isEqualTo(2);
    assertThat(memtable.view(16).rows()).isEqualTo(102);
  }
}
