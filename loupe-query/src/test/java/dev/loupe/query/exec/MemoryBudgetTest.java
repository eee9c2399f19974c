package dev.loupe.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.QuerySettings;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The per-query memory budget: its accounting, and real queries over a real store that fail with a
 * clear {@code LIMIT_EXCEEDED} under a small budget and succeed under the default one.
 */
class MemoryBudgetTest {
  private static final long BASE = Timestamps.toNanos(Instant.parse("2024-05-01T00:00:00Z"));
  private static final int ROWS = 4000;

  @TempDir static Path directory;

  private static Storage storage;
  private static ExecutorService pool;

  @BeforeAll
  static void ingest() {
    StorageConfig config =
        StorageConfig.defaults(directory)
            .withBlockRows(500)
            .withFlushInterval(Duration.ofHours(1))
            .withMinFreeDiskBytes(0);
    storage = Storage.open(config, InstantSource.fixed(Instant.parse("2024-05-01T02:00:00Z")));
    Stream stream = Stream.of(Stream.DEFAULT_TENANT, Map.of("service", "api"));
    SplittableRandom random = new SplittableRandom(7);
    List<LogRecord> batch = new ArrayList<>();
    for (int index = 0; index < ROWS; index++) {
      // About 1 KB of hex a line: it compresses only about twice, so blocks are big on disk too.
      StringBuilder message = new StringBuilder("request ").append(index).append(' ');
      while (message.length() < 1000) {
        message.append(Long.toHexString(random.nextLong()));
      }
      if (index == ROWS / 2) {
        message.append(" needle");
      }
      batch.add(
          new LogRecord(
              stream,
              // One time for every line: no row is final before the last block is scanned, so a
              // search holds them all at once, whatever order its blocks finish in.
              BASE,
              message.toString(),
              List.of(new Field("id", Integer.toString(index)))));
    }
    storage.append(batch);
    storage.flush();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void close() {
    pool.shutdownNow();
    storage.close();
  }

  @Test
  void reservationsAddUpAndReleasesGiveBack() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(600, "rows");
    budget.reserve(400, "rows");
    assertThat(budget.usedBytes()).isEqualTo(1000);
    budget.release(700);
    assertThat(budget.usedBytes()).isEqualTo(300);
    assertThat(budget.peakBytes()).isEqualTo(1000);
  }

  @Test
  void aReservationPastTheBudgetFailsAndTakesNothing() {
    MemoryBudget budget = new MemoryBudget(3L << 20);
    budget.reserve(2L << 20, "rows");
    LoupeException failure =
        catchThrowableOfType(LoupeException.class, () -> budget.reserve(2L << 20, "rows to sort"));
    assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(failure.getMessage())
        .startsWith(
            "the query needs more than its memory budget of 3 MiB while holding rows to sort")
        .contains("narrow the time range", "--query-memory");
    assertThat(budget.usedBytes()).isEqualTo(2L << 20);
  }

  @Test
  void aRowIsEstimatedFromItsValues() {
    ResultRow small = new ResultRow(0, List.of(new Field("_msg", "x")));
    ResultRow big = new ResultRow(0, List.of(new Field("_msg", "x".repeat(1001))));
    assertThat(MemoryBudget.bytesOf(big) - MemoryBudget.bytesOf(small)).isEqualTo(1000);
    assertThat(MemoryBudget.bytesOf((String) null)).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "*                                       ; 1 ; the newest rows found so far",
        "* | stats count_uniq(_msg)              ; 1 ; stats groups of []",
        "needle | context before 1000 after 1000 ; 1 ; decoded blocks around the hits",
      })
  void aQueryPastItsBudgetFailsSayingWhatItHeldAndHowToNarrow(
      String query, int mebibytes, String holding) {
    QueryExecutor small =
        executor(QuerySettings.defaults().withMemoryBytes(mebibytes * (1L << 20)));
    LoupeException failure =
        catchThrowableOfType(LoupeException.class, () -> run(small, query, ROWS));
    assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(failure.getMessage())
        .contains(
            "memory budget of " + mebibytes + " MiB while holding " + holding, "--query-memory");
  }

  @Test
  void aSortPastItsBudgetFailsSayingSo() {
    MemoryBudget memory = new MemoryBudget(1L << 20);
    QueryBudget budget =
        new QueryBudget(Deadline.after(Clock.systemUTC(), Duration.ofMinutes(1)), memory, 10_000);
    Pipeline.Stage sort =
        Pipeline.chain(QueryParser.parse("* | sort by (id)").pipes(), row -> true, budget);
    ResultRow row = new ResultRow(0, List.of(new Field("_msg", "x".repeat(1000))));
    LoupeException failure =
        catchThrowableOfType(
            LoupeException.class,
            () -> {
              for (int index = 0; index < 2000; index++) {
                sort.accept(row);
              }
            });
    assertThat(failure.getMessage()).contains("1 MiB while holding rows to sort");
    assertThat(memory.usedBytes()).isLessThanOrEqualTo(1L << 20);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "*                                  ; 4000",
        "* | sort by (id)                   ; 4000",
        "* | stats count_uniq(_msg)         ; 1",
        "needle | context before 1000 after 1000 ; 2001",
      })
  void theSameQueriesRunWithinTheDefaultBudget(String query, int rows) {
    assertThat(run(executor(QuerySettings.defaults()), query, ROWS)).hasSize(rows);
  }

  @Test
  void aLimitAboveTheMaximumRowsSettingIsRefusedNamingTheSetting() {
    QueryExecutor capped = executor(QuerySettings.defaults().withMaxRows(100));
    LoupeException failure =
        catchThrowableOfType(LoupeException.class, () -> run(capped, "*", 101));
    assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(failure.getMessage()).contains("maximum of 100 (--query-max-rows)");
    assertThat(run(capped, "*", 100)).hasSize(100);
  }

  private static QueryExecutor executor(QuerySettings settings) {
    return new QueryExecutor(pool, 2, Clock.systemUTC(), settings);
  }

  private static List<ResultRow> run(QueryExecutor executor, String query, int limit) {
    List<ResultRow> rows = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot()) {
      executor.run(snapshot, QueryParser.parse(query), TimeRange.ALL, limit, rows::add, BASE);
    }
    return rows;
  }
}
