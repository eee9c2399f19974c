package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCollectorTest {
  private static final Stream STREAM = Stream.of("default", Map.of());

  private final List<List<LogRecord>> batches = new ArrayList<>();

  @Test
  void flushesWhenEitherTheCountOrTheByteBoundIsReached() {
    RecordCollector collector = new RecordCollector(batches::add, 10, 3, 100);

    collector.accept(record(1), 10);
    collector.accept(record(2), 10);
    collector.accept(record(3), 10);
    collector.accept(record(4), 99);
    collector.accept(record(5), 1);
    collector.accept(record(6), 5);

    assertThat(batches).extracting(List::size).containsExactly(3, 2);
    assertThat(collector.stored()).isEqualTo(5);
    assertThat(collector.finish()).isEqualTo(new IngestResult(6, 0, List.of()));
    assertThat(batches).extracting(List::size).containsExactly(3, 2, 1);
    assertThat(batches.stream().flatMap(List::stream).map(LogRecord::timeNanos))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void countsEveryRejectionAndKeepsTheFirstReasons() {
    RecordCollector collector = new RecordCollector(batches::add, 2, 10, 100);

    collector.reject(3, "a");
    collector.reject(5, "b");
    collector.reject(8, "c");

    assertThat(collector.finish())
        .isEqualTo(new IngestResult(0, 3, List.of(new LineError(3, "a"), new LineError(5, "b"))));
    assertThat(batches).isEmpty();
  }

  @Test
  void handsEachBatchOverAsANewList() {
    RecordCollector collector = new RecordCollector(batches::add, 0, 1, 100);

    collector.accept(record(1), 1);
    collector.accept(record(2), 1);

    assertThat(batches.get(0)).isNotSameAs(batches.get(1));
    assertThat(batches.get(0)).extracting(LogRecord::timeNanos).containsExactly(1L);
  }

  @Test
  void rejectsNonPositiveBatchBounds() {
    assertThatThrownBy(() -> new RecordCollector(batches::add, 1, 0, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RecordCollector(batches::add, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static LogRecord record(long timeNanos) {
    return new LogRecord(STREAM, timeNanos, "m", List.of());
  }
}
