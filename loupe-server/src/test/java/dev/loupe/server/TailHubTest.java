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

  private final List<TailHub> hubs = new ArrayList<>();

  private TailHub hub(int resumeLines) {
    TailHub hub = new TailHub(storage, resumeLines);
    hubs.add(hub);
    return hub;
  }

  @AfterEach
  void close() {
    hubs.forEach(TailHub::close);
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

  private static final TailSubscriber.Matcher EVERY_LINE = (records, index) -> true;

  /** The next {@code count} lines or notices; fails instead of hanging when they do not come. */
  private static List<String> take(TailSubscriber subscriber, int count)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    while (seen.size() < count) {
      TailSubscriber.Entry entry = subscriber.take(10_000);
      assertThat(entry).as("entry %d of %d, after %s", seen.size() + 1, count, seen).isNotNull();
      if (entry.gap() != null) {
        seen.add("gap");
      } else if (entry.batch() == null) {
        seen.add("dropped " + entry.droppedBefore());
      } else {
        for (int index : entry.indexes()) {
          seen.add(
              entry.batch().position()
                  + "."
                  + index
                  + " "
                  + entry.batch().array()[index].message());
        }
      }
    }
    assertThat(subscriber.take(50)).as("nothing more after %s", seen).isNull();
    return seen;
  }

  @Test
  void subscribersGetEveryBatchAppendedAfterThey() throws Exception {
    TailHub hub = hub(1000);
    storage.append(batch("before", 1));
    TailSubscriber subscriber = hub.subscribe(null, 1000, EVERY_LINE);
    storage.append(batch("a", 2));
    storage.append(batch("b", 1));
    assertThat(take(subscriber, 3)).containsExactly("2.0 a0", "2.1 a1", "3.0 b0");
    assertThat(subscriber.start()).isEqualTo(new TailCursor(1, -1));
  }

  @Test
  void resumingAfterACursorSkipsWhatWasSeenAndMissesNothing() throws Exception {
    TailHub hub = hub(1000);
    storage.append(batch("a", 3));
    storage.append(batch("b", 2));
    TailSubscriber resumed = hub.subscribe(new TailCursor(1, 1), 1000, EVERY_LINE);
    storage.append(batch("c", 1));
    assertThat(take(resumed, 4)).containsExactly("1.2 a2", "2.0 b0", "2.1 b1", "3.0 c0");
  }

  @Test
  void aSlowClientIsToldHowManyMatchingLinesItDropped() throws Exception {
    TailHub hub = hub(1000);
    java.util.concurrent.atomic.AtomicInteger judged =
        new java.util.concurrent.atomic.AtomicInteger();
    TailSubscriber slow = hub.subscribe(null, 5, (records, index) -> judged.incrementAndGet() > 0);
    storage.append(batch("fits", 4));
    storage.append(batch("overflows", 3));
    storage.append(batch("overflows too", 2));
    // Let the dispatch thread judge all 9 lines before the client reads anything.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (judged.get() < 9 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(take(slow, 5))
        .containsExactly("dropped 5", "1.0 fits0", "1.1 fits1", "1.2 fits2", "1.3 fits3");
  }

  @Test
  void linesTheQueryDoesNotWantNeverFillTheQueue() throws Exception {
    TailHub hub = hub(1000);
    TailSubscriber picky =
        hub.subscribe(null, 5, (records, index) -> records[index].message().startsWith("want"));
    storage.append(batch("noise", 50));
    storage.append(batch("want", 2));
    storage.append(batch("noise", 50));
    assertThat(take(picky, 2)).containsExactly("2.0 want0", "2.1 want1");
  }

  @Test
  void aResumePointNoLongerKeptIsReportedAsAGap() throws Exception {
    TailHub hub = hub(3);
    storage.append(batch("old", 2));
    storage.append(batch("mid", 2));
    storage.append(batch("new", 2));
    TailSubscriber late = hub.subscribe(new TailCursor(1, 1), 1000, EVERY_LINE);
    assertThat(take(late, 3)).containsExactly("gap", "3.0 new0", "3.1 new1");
  }
}
