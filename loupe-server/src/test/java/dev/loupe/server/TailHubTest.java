package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub against a real store: fan-out, resume without gap or duplicate, drops, gaps. */
class TailHubTest {
  @TempDir Path directory;
  private Storage storage;

  @BeforeEach
  void open() {
    storage =
        Storage.open(
            StorageConfig.defaults(directory)
                .withMinFreeDiskBytes(0)
                .withFlushInterval(Duration.ofHours(1)),
            InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static List<LogRecord> batch(String prefix, int lines) {
    Stream stream = Stream.of("default", Map.of());
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      records.add(new LogRecord(stream, 1_000_000L * i, prefix + i, List.of()));
    }
    return records;
  }

  private static List<String> drain(TailSubscriber subscriber) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    TailSubscriber.Entry entry;
    while ((entry = subscriber.take(0)) != null) {
      if (entry.gap() != null) {
        seen.add("gap");
      } else if (entry.batch() == null) {
        seen.add("dropped " + entry.droppedBefore());
      } else {
        List<LogRecord> records = entry.batch().records();
        for (int i = entry.start(); i < records.size(); i++) {
          seen.add(entry.batch().position() + "." + i + " " + records.get(i).message());
        }
      }
    }
    return seen;
  }

  @Test
  void subscribersGetEveryBatchAppendedAfterThey() throws Exception {
    TailHub hub = new TailHub(storage, 1000);
    storage.append(batch("before", 1));
    TailSubscriber subscriber = hub.subscribe(null, 1000);
    storage.append(batch("a", 2));
    storage.append(batch("b", 1));
    assertThat(drain(subscriber)).containsExactly("2.0 a0", "2.1 a1", "3.0 b0");
    assertThat(subscriber.start()).isEqualTo(new TailCursor(1, -1));
  }

  @Test
  void resumingAfterACursorSkipsWhatWasSeenAndMissesNothing() throws Exception {
    TailHub hub = new TailHub(storage, 1000);
    storage.append(batch("a", 3));
    storage.append(batch("b", 2));
    TailSubscriber resumed = hub.subscribe(new TailCursor(1, 1), 1000);
    storage.append(batch("c", 1));
    assertThat(drain(resumed)).containsExactly("1.2 a2", "2.0 b0", "2.1 b1", "3.0 c0");
  }

  @Test
  void aSlowClientIsToldHowManyLinesItDropped() throws Exception {
    TailHub hub = new TailHub(storage, 1000);
    TailSubscriber slow = hub.subscribe(null, 5);
    storage.append(batch("fits", 4));
    storage.append(batch("overflows", 3));
    storage.append(batch("overflows too", 2));
    assertThat(drain(slow))
        .containsExactly("dropped 5", "1.0 fits0", "1.1 fits1", "1.2 fits2", "1.3 fits3");
  }

  @Test
  void aResumePointNoLongerKeptIsReportedAsAGap() throws Exception {
    TailHub hub = new TailHub(storage, 3);
    storage.append(batch("old", 2));
    storage.append(batch("mid", 2));
    storage.append(batch("new", 2));
    TailSubscriber late = hub.subscribe(new TailCursor(1, 1), 1000);
    assertThat(drain(late)).containsExactly("gap", "3.0 new0", "3.1 new1");
  }
}
