package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code | context} over the real storage engine: two streams, {@code a} and {@code b}, with a row
 * every second, seconds 0 to 19 flushed into blocks of 4 rows (so a block ends after seconds 3, 7,
 * 11, ...) and seconds 20 to 23 still in the memtable. Rows marked {@code boom} are the hits.
 */
class PipeContextTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long BASE = Timestamps.toNanos(Instant.parse("2024-05-01T00:00:00Z"));
  private static final Set<String> BOOMS = Set.of("a4", "a10", "a12", "a19", "b15");

  @TempDir static Path directory;

  private static Storage storage;
  private static ExecutorService pool;
  private static QueryExecutor executor;

  @BeforeAll
  static void ingest() {
    StorageConfig config =
        StorageConfig.defaults(directory)
            .withBlockRows(4)
            .withFlushInterval(Duration.ofHours(1))
            .withMinFreeDiskBytes(0);
    storage = Storage.open(config, InstantSource.fixed(Instant.parse("2024-05-01T02:00:00Z")));
    storage.append(records(0, 20));
    storage.flush();
    storage.append(records(20, 24));
    pool = Executors.newFixedThreadPool(2);
    executor = new QueryExecutor(pool, 2);
  }

  @AfterAll
  static void close() {
    pool.shutdownNow();
    storage.close();
  }

  private static List<LogRecord> records(int from, int to) {
    List<LogRecord> batch = new ArrayList<>();
    for (String service : List.of("a", "b")) {
      Stream stream = Stream.of(Stream.DEFAULT_TENANT, Map.of("service", service));
      for (int second = from; second < to; second++) {
        String name = service + second;
        String message = BOOMS.contains(name) ? name + " boom" : name;
        batch.add(new LogRecord(stream, BASE + second * SECOND, message, List.of()));
      }
    }
    return batch;
  }

  /** The rows as "message/mark". */
  private static List<String> run(String query, int limit) {
    List<ResultRow> rows = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot()) {
      executor.run(snapshot, QueryParser.parse(query), TimeRange.ALL, limit, rows::add);
    }
    return rows.stream().map(row -> row.value("_msg") + "/" + row.value("_context")).toList();
  }

  @Test
  void takesRowsFromThePreviousAndNextBlockOfTheStream() {
    assertThat(run("a4 boom | context before 2 after 1", 10))
        .containsExactly("a2/before", "a3/before", "a4 boom/hit", "a5/after");
  }

  @Test
  void crossesFromTheStoredPartsIntoTheMemtable() {
    assertThat(run("a19 boom | context after 3", 10))
        .containsExactly("a19 boom/hit", "a20/after", "a21/after", "a22/after");
  }

  @Test
  void mergesOverlappingWindowsWithoutDuplicates() {
    assertThat(run("\"a10 boom\" OR \"a12 boom\" | context before 2 after 2", 10))
        .containsExactly(
            "a8/before",
            "a9/before",
            "a10 boom/hit",
            "a11/after",
            "a12 boom/hit",
            "a13/after",
            "a14/after");
  }

  @Test
  void keepsStreamsApartAndHitsNewestFirst() {
    assertThat(run("boom | context before 1 after 1", 10))
        .containsExactly(
            "a18/before",
            "a19 boom/hit",
            "a20/after",
            "b14/before",
            "b15 boom/hit",
            "b16/after",
            "a9/before",
            "a10 boom/hit",
            "a11/after",
            "a12 boom/hit",
            "a13/after",
            "a3/before",
            "a4 boom/hit",
            "a5/after");
  }

  @Test
  void theLimitCapsTheHitsNotTheirContext() {
    assertThat(run("boom | context before 2", 2))
        .containsExactly(
            "a17/before", "a18/before", "a19 boom/hit", "b13/before", "b14/before", "b15 boom/hit");
  }

  @Test
  void stopsAtTheEndsOfTheStream() {
    assertThat(run("a0 | context before 5 after 1", 10)).containsExactly("a0/hit", "a1/after");
  }

  @Test
  void laterPipesSeeTheRowsWithTheirMarks() {
    assertThat(run("a4 boom | context before 3 after 3 | where _context:after | head 2", 10))
        .containsExactly("a5/after", "a6/after");
  }

  @Test
  void mustBeTheFirstPipe() {
    assertThatThrownBy(() -> QueryParser.parse("boom | head 1 | context before 1"))
        .hasMessageContaining("context must be the first pipe at position 16");
  }
}
