package dev.loupe.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches over the real storage engine: three streams with a record every second each (so every
 * time is shared by three rows), flushed into parts of 100-row blocks with real bloom filters, plus
 * newer records still in the memtable. Expected results come from filtering the ingested records
 * directly, not from the filter classes.
 */
class QueryExecutorTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long BASE = Timestamps.toNanos(Instant.parse("2024-05-01T00:00:00Z"));
  private static final int FLUSHED_PER_STREAM = 1000;
  private static final int UNFLUSHED_PER_STREAM = 50;
  private static final List<String> SERVICES = List.of("checkout", "billing", "search");

  @TempDir static Path directory;

  private static Storage storage;
  private static ExecutorService pool;
  private static QueryExecutor executor;
  private static final List<LogRecord> INGESTED = new ArrayList<>();

  @BeforeAll
  static void ingest() {
    StorageConfig config =
        StorageConfig.defaults(directory)
            .withBlockRows(100)
            .withFlushInterval(Duration.ofHours(1))
            .withMinFreeDiskBytes(0);
    storage = Storage.open(config, InstantSource.fixed(Instant.parse("2024-05-01T02:00:00Z")));
    storage.append(records(0, FLUSHED_PER_STREAM));
    storage.flush();
    storage.append(records(FLUSHED_PER_STREAM, FLUSHED_PER_STREAM + UNFLUSHED_PER_STREAM));
    int cores = Runtime.getRuntime().availableProcessors();
    pool = Executors.newFixedThreadPool(cores);
    executor = new QueryExecutor(pool, cores);
  }

  @AfterAll
  static void close() {
    pool.shutdownNow();
    storage.close();
  }

  private static List<LogRecord> records(int from, int to) {
    List<LogRecord> batch = new ArrayList<>();
    for (String service : SERVICES) {
      Stream stream = Stream.of(Stream.DEFAULT_TENANT, Map.of("service", service));
      for (int second = from; second < to; second++) {
        batch.add(
            new LogRecord(
                stream, BASE + second * SECOND, message(service, second), fields(second)));
      }
    }
    INGESTED.addAll(batch);
    return batch;
  }

  private static String message(String service, int second) {
    if (service.equals("checkout") && second == 777) {
      return "payment declined for order 777";
    }
    if (service.equals("search") && second == FLUSHED_PER_STREAM + 7) {
      return "index freshmarker rebuilt";
    }
    return "request " + second + " handled by " + service;
  }

  private static List<Field> fields(int second) {
    String level = second % 10 == 0 ? "error" : "info";
    return List.of(
        new Field("level", level), new Field("duration_ms", String.valueOf(second % 97)));
  }

  private record Search(List<ResultRow> rows, QueryStats stats) {}

  private static Search search(String query, TimeRange range, int limit) {
    List<ResultRow> rows = new ArrayList<>();
    QueryStats stats;
    try (Snapshot snapshot = storage.snapshot()) {
      stats = executor.search(snapshot, QueryParser.parse(query), range, limit, rows::add);
    }
    return new Search(rows, stats);
  }

  /** The expected rows as "time stream message", newest first, equal times by stream id. */
  private static List<String> expected(Predicate<LogRecord> matches, TimeRange range, int limit) {
    return INGESTED.stream()
        .filter(record -> range.contains(record.timeNanos()) && matches.test(record))
        .sorted(
            Comparator.comparingLong(LogRecord::timeNanos)
                .reversed()
                .thenComparing(record -> record.stream().id()))
        .limit(limit)
        .map(
            record ->
                record.timeNanos()
                    + " "
                    + record.stream().canonicalLabels()
                    + " "
                    + record.message())
        .toList();
  }

  private static List<String> described(Search search) {
    return search.rows().stream()
        .map(row -> row.timeNanos() + " " + row.value("_stream") + " " + row.value("_msg"))
        .toList();
  }

  private static Search run(String query, int limit) {
    List<ResultRow> rows = new ArrayList<>();
    QueryStats stats;
    try (Snapshot snapshot = storage.snapshot()) {
      stats = executor.run(snapshot, QueryParser.parse(query), TimeRange.ALL, limit, rows::add);
    }
    return new Search(rows, stats);
  }

  private static List<String> cells(Search search) {
    return search.rows().stream()
        .map(row -> String.join(" ", row.fields().stream().map(Field::value).toList()))
        .toList();
  }

  @Test
  void runWithoutPipesIsASearch() {
    assertThat(described(run("level:error", 7)))
        .isEqualTo(described(search("level:error", TimeRange.ALL, 7)));
  }

  @Test
  void statsCountsEveryMatchingRowPerGroupInParallel() {
    Search counted = run("level:error | stats count() by (_stream)", 10);
    long errorsPerStream = (FLUSHED_PER_STREAM + UNFLUSHED_PER_STREAM) / 10;
    assertThat(cells(counted))
        .containsExactly(
            "{service=\"billing\"} " + errorsPerStream,
            "{service=\"checkout\"} " + errorsPerStream,
            "{service=\"search\"} " + errorsPerStream);
    assertThat(counted.stats().rowsReturned()).isEqualTo(3);
    assertThat(counted.stats().blocksSkipped()).isZero();
  }

  @Test
  void statsWithoutGroupsCountsWholeBlocksFromTheirHeader() {
    Search counted = run("* | stats count() as lines", 1);
    assertThat(cells(counted)).containsExactly(String.valueOf(INGESTED.size()));
    assertThat(counted.rows().getFirst().fields().getFirst().name()).isEqualTo("lines");
    // Flushed blocks match wholly: only the memtable's rows are read.
    assertThat(counted.stats().blocksScanned()).isLessThan(counted.stats().blocksTotal());
  }

  @Test
  void statsNumericFunctionsMatchADirectComputation() {
    List<Integer> durations =
        INGESTED.stream()
            .filter(record -> record.stream().canonicalLabels().contains("checkout"))
            .map(record -> Integer.parseInt(record.fields().get(1).value()))
            .sorted()
            .toList();
    long sum = durations.stream().mapToLong(Integer::longValue).sum();
    int p50 = durations.get((int) Math.ceil(0.5 * durations.size()) - 1);
    Search stats =
        run(
            "_stream:{service=\"checkout\"} | stats sum(duration_ms), min(duration_ms), max(duration_ms),"
                + " count_uniq(duration_ms), p50(duration_ms), avg(level)",
            1);
    assertThat(cells(stats)).containsExactly(sum + " 0 96 97 " + p50 + " ");
  }

  @Test
  void statsBinsTimeIntoBuckets() {
    Search binned = run("_stream:{service=\"billing\"} | stats count() by (bin(_time, 1m))", 1);
    assertThat(binned.rows()).hasSize((FLUSHED_PER_STREAM + UNFLUSHED_PER_STREAM + 59) / 60);
    assertThat(cells(binned).getFirst()).isEqualTo("2024-05-01T00:00:00Z 60");
    assertThat(cells(binned).getLast()).isEqualTo("2024-05-01T00:17:00Z 30");
  }

  @Test
  void headCapsTheSearchAndFieldsProjects() {
    Search headed = run("level:error | fields _msg, level | head 3", 1000);
    assertThat(cells(headed))
        .containsExactlyInAnyOrder(
            "request 1040 handled by search error",
            "request 1040 handled by checkout error",
            "request 1040 handled by billing error");
    assertThat(headed.stats().rowsReturned()).isEqualTo(3);
  }

  @Test
  void statsAfterRowPipesAggregatesTheRowsTheyPass() {
    Search counted = run("level:error | head 5 | stats count() by (level)", 1000);
    assertThat(cells(counted)).containsExactly("error 5");
  }

  @Test
  void aGroupPerLineWorksBelowTheGroupLimit() {
    // The limit itself (100,000 groups) is tested in GroupTableTest: this store has fewer lines.
    Search perLine = run("* | stats count() by (_msg) | head 2", 1);
    assertThat(perLine.rows()).hasSize(2);
    assertThat(perLine.stats().rowsReturned()).isEqualTo(2);
  }

  @Test
  void relativeTimesAreResolvedAgainstTheNowTheCallerGives() {
    long now = BASE + 100 * SECOND;
    List<ResultRow> rows = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot()) {
      executor.search(
          snapshot, QueryParser.parse("level:error _time:1m"), TimeRange.ALL, 1000, rows::add, now);
    }
    // Seconds 40 to 100, both included: errors at 40, 50, ..., 100 in three streams.
    assertThat(rows).hasSize(7 * 3).allMatch(row -> row.timeNanos() >= now - 60 * SECOND);
    try (Snapshot snapshot = storage.snapshot()) {
      HitCount count = executor.count(snapshot, QueryParser.parse("_time:10s"), TimeRange.ALL, now);
      assertThat(count.hits()).isEqualTo(11 * 3);
    }
  }

  @Test
  void numericRangesSkipBlocksByTheirIntegerRange() {
    Search none = search("duration_ms:>=1000", TimeRange.ALL, 1000);
    assertThat(none.rows()).isEmpty();
    assertThat(none.stats().blocksScanned())
        .as("only the memtable, which has no integer ranges, is read")
        .isLessThanOrEqualTo(3);
    Search some = search("duration_ms:[95, 96]", TimeRange.ALL, 10_000);
    assertThat(described(some))
        .isEqualTo(
            expected(
                record -> Integer.parseInt(record.field("duration_ms")) >= 95,
                TimeRange.ALL,
                10_000));
  }

  @Test
  void streamSelectorsRegexesAndExactValuesFilterLikeTheData() {
    Search selected =
        search("_stream:{service=~\"check.*|bill.*\"} ~\"declined|order\"", TimeRange.ALL, 1000);
    assertThat(described(selected))
        .isEqualTo(
            expected(
                record ->
                    !record.stream().canonicalLabels().contains("search")
                        && record.message().matches(".*(declined|order).*"),
                TimeRange.ALL,
                1000));
    assertThat(
            search("level:=\"error\" -_stream:{service!=\"billing\"}", TimeRange.ALL, 10_000)
                .rows())
        .hasSize((FLUSHED_PER_STREAM + UNFLUSHED_PER_STREAM) / 10);
  }

  @Test
  void aNeedleSkipsAlmostEveryBlockByBloom() {
    Search found = search("declined", TimeRange.ALL, 1000);
    assertThat(described(found))
        .containsExactly(
            BASE + 777 * SECOND + " {service=\"checkout\"} payment declined for order 777");
    QueryStats stats = found.stats();
    assertThat(stats.rowsReturned()).isEqualTo(1);
    assertThat(stats.blocksTotal()).isGreaterThanOrEqualTo(30);
    assertThat(stats.blocksSkipped()).isGreaterThanOrEqualTo(stats.blocksTotal() - 4);
    assertThat(stats.blocksScanned() + stats.blocksSkipped()).isEqualTo(stats.blocksTotal());
    assertThat(stats.bytesRead()).isPositive();
    assertThat(stats.rowsScanned()).isLessThanOrEqualTo(100 + 3 * UNFLUSHED_PER_STREAM);
  }

  @Test
  void aPhraseIsBloomCheckedOnEachOfItsTokens() {
    Search found = search("\"payment declined\"", TimeRange.ALL, 1000);
    assertThat(found.rows()).hasSize(1);
    assertThat(found.stats().blocksSkipped())
        .isGreaterThanOrEqualTo(found.stats().blocksTotal() - 4);
    assertThat(search("\"declined payment\"", TimeRange.ALL, 1000).rows()).isEmpty();
  }

  @Test
  void returnsTheNewestRowsFirstAcrossPartsAndMemtable() {
    Search found = search("*", TimeRange.ALL, 100);
    assertThat(described(found)).isEqualTo(expected(record -> true, TimeRange.ALL, 100));
    assertThat(found.rows().getFirst().timeNanos())
        .as("the newest rows are still in the memtable")
        .isEqualTo(BASE + (FLUSHED_PER_STREAM + UNFLUSHED_PER_STREAM - 1) * SECOND);
    assertThat(found.stats().blocksScanned())
        .as("a limit needs only the newest blocks")
        .isLessThan(found.stats().blocksTotal());
  }

  @Test
  void findsRowsStillInTheMemtable() {
    Search found = search("freshmarker", TimeRange.ALL, 1000);
    assertThat(found.rows())
        .extracting(row -> row.value("_msg"))
        .containsExactly("index freshmarker rebuilt");
  }

  @Test
  void keepsToTheRequestedTimeRange() {
    TimeRange range = new TimeRange(BASE + 100 * SECOND, BASE + 200 * SECOND);
    Search found = search("level:error", range, 1000);
    assertThat(described(found))
        .hasSize(30)
        .isEqualTo(expected(record -> "error".equals(record.field("level")), range, 1000));
  }

  @Test
  void aTimeRangeInTheQueryNarrowsTheRequest() {
    String query =
        "level:error _time:["
            + Timestamps.format(BASE + 500 * SECOND)
            + ", "
            + Timestamps.format(BASE + 510 * SECOND)
            + ")";
    Search found = search(query, TimeRange.ALL, 1000);
    TimeRange range = new TimeRange(BASE + 500 * SECOND, BASE + 510 * SECOND);
    assertThat(described(found))
        .hasSize(3)
        .isEqualTo(expected(record -> "error".equals(record.field("level")), range, 1000));
    assertThat(found.stats().blocksScanned()).isLessThanOrEqualTo(3);
  }

  @Test
  void negationsAndDisjunctionsMatchTheOracle() {
    assertThat(described(search("-level:info", TimeRange.ALL, 5)))
        .isEqualTo(expected(record -> !"info".equals(record.field("level")), TimeRange.ALL, 5));
    assertThat(
            described(
                search("declined OR freshmarker OR \"request 5 handled\"", TimeRange.ALL, 50)))
        .isEqualTo(
            expected(
                record ->
                    record.message().contains("declined")
                        || record.message().contains("freshmarker")
                        || record.message().startsWith("request 5 handled"),
                TimeRange.ALL,
                50));
    assertThat(described(search("_stream:billing -level:info", TimeRange.ALL, 20)))
        .isEqualTo(
            expected(
                record ->
                    record.stream().canonicalLabels().contains("billing")
                        && !"info".equals(record.field("level")),
                TimeRange.ALL,
                20));
  }

  @Test
  void rowsCarryEveryFieldInAFixedOrder() {
    ResultRow row = search("declined", TimeRange.ALL, 1).rows().getFirst();
    List<String> names = row.fields().stream().map(Field::name).toList();
    assertThat(names.subList(0, 3)).containsExactly("_time", "_stream", "_msg");
    assertThat(names.subList(3, names.size()))
        .isSorted()
        .containsExactly("_stream_id", "_tenant", "duration_ms", "level");
    ResultRow fromMemtable = search("freshmarker", TimeRange.ALL, 1).rows().getFirst();
    assertThat(fromMemtable.fields().stream().map(Field::name))
        .as("rows from parts and from the memtable look the same")
        .containsExactlyElementsOf(names);
    assertThat(row.value("_stream_id")).hasSize(32);
    assertThat(row.value("_tenant")).isEqualTo(Stream.DEFAULT_TENANT);
    assertThat(row.value("_time")).isEqualTo("2024-05-01T00:12:57Z");
    assertThat(row.value("level")).isEqualTo("info");
    assertThat(row.value("duration_ms")).isEqualTo(String.valueOf(777 % 97));
  }

  @Test
  void rejectsLimitsOutOfBounds() {
    try (Snapshot snapshot = storage.snapshot()) {
      for (int limit : new int[] {0, -1}) {
        assertThatThrownBy(
                () ->
                    executor.search(
                        snapshot, QueryParser.parse("*"), TimeRange.ALL, limit, row -> true))
            .isInstanceOfSatisfying(
                LoupeException.class,
                failure -> assertThat(failure.code()).isEqualTo(ErrorCode.BAD_REQUEST))
            .hasMessageContaining("limit must be at least 1");
      }
      assertThatThrownBy(
              () ->
                  executor.search(
                      snapshot,
                      QueryParser.parse("*"),
                      TimeRange.ALL,
                      QueryLimits.MAX_LIMIT + 1,
                      row -> true))
          .isInstanceOfSatisfying(
              LoupeException.class,
              failure -> assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }
  }

  @Test
  void explainOfANeedleKeepsOnlyTheBlocksItsBloomsAllow() {
    QueryPlan needle;
    QueryPlan everything;
    try (Snapshot snapshot = storage.snapshot()) {
      needle = executor.explain(snapshot, QueryParser.parse("declined level:error"), TimeRange.ALL);
      everything =
          executor.explain(
              snapshot, QueryParser.parse("* | stats count() by (level)"), TimeRange.ALL);
    }
    assertThat(needle.query()).isEqualTo("declined level:error");
    assertThat(needle.filters())
        .extracting(QueryPlan.FilterStep::filter)
        .containsExactly("declined", "level:error");
    assertThat(needle.filters().getFirst().skipsBy()).contains(QueryPlan.SKIP_BLOOM);
    assertThat(needle.pipes()).isEmpty();
    // the one flushed block whose blooms hold both words, plus the memtable blocks (no blooms)
    assertThat(needle.blocksSurviving()).isBetween(1L, 1L + SERVICES.size());
    assertThat(needle.bytesToRead()).isLessThan(everything.bytesToRead());

    assertThat(everything.pipes()).containsExactly("stats count() by (level)");
    assertThat(everything.filters().getFirst().skipsBy()).isEmpty();
    assertThat(everything.blocksTotal()).isEqualTo(needle.blocksTotal());
    assertThat(everything.blocksSurviving()).isEqualTo(everything.blocksTotal());
    assertThat(everything.rowsSurviving()).isEqualTo(INGESTED.size());
  }

  @Test
  void explainReadsNoBlock() {
    try (Snapshot snapshot = storage.snapshot()) {
      Snapshot headersOnly =
          new Snapshot() {
            @Override
            public List<BlockRef> blocks(TimeRange range) {
              return snapshot.blocks(range).stream().<BlockRef>map(UnreadableBlock::new).toList();
            }

            @Override
            public void close() {}
          };
      QueryPlan plan = executor.explain(headersOnly, QueryParser.parse("handled"), TimeRange.ALL);
      assertThat(plan.blocksSurviving()).isEqualTo(plan.blocksTotal()).isPositive();
    }
  }

  /** A block header whose data cannot be read: proves a caller looked at headers only. */
  private record UnreadableBlock(BlockRef header) implements BlockRef {
    @Override
    public Stream stream() {
      return header.stream();
    }

    @Override
    public long minTimeNanos() {
      return header.minTimeNanos();
    }

    @Override
    public long maxTimeNanos() {
      return header.maxTimeNanos();
    }

    @Override
    public int rowCount() {
      return header.rowCount();
    }

    @Override
    public java.util.Set<String> columnNames() {
      return header.columnNames();
    }

    @Override
    public boolean mayContainToken(String column, long tokenHash) {
      return header.mayContainToken(column, tokenHash);
    }

    @Override
    public long[] integerRange(String column) {
      return header.integerRange(column);
    }

    @Override
    public long storedBytes() {
      return header.storedBytes();
    }

    @Override
    public dev.loupe.storage.Block read(java.util.Set<String> columns) {
      throw new AssertionError("explain must not read blocks");
    }
  }

  @Test
  void aQueryPastItsTimeoutFailsSayingWhichLimit() {
    QueryExecutor impatient =
        new QueryExecutor(pool, 2, java.time.Clock.systemUTC(), Duration.ZERO);
    for (String query : List.of("handled", "* | stats count() by (level)")) {
      try (Snapshot snapshot = storage.snapshot()) {
        assertThatThrownBy(
                () ->
                    impatient.run(
                        snapshot, QueryParser.parse(query), TimeRange.ALL, 10, row -> true))
            .isInstanceOfSatisfying(
                LoupeException.class,
                failure -> {
                  assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                  assertThat(failure.getMessage())
                      .isEqualTo(
                          "query ran longer than the 0 s limit (--query-timeout); narrow the time"
                              + " range or add filters");
                });
      }
    }
  }

  @Test
  void aTimeoutOfOneNanosecondStopsAQueryOnAClockThatMoves() {
    java.time.Clock ticking =
        new java.time.Clock() {
          private long millis;

          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public synchronized Instant instant() {
            return Instant.ofEpochMilli(++millis);
          }
        };
    QueryExecutor impatient = new QueryExecutor(pool, 2, ticking, Duration.ofNanos(1));
    try (Snapshot snapshot = storage.snapshot()) {
      assertThatThrownBy(
              () ->
                  impatient.search(
                      snapshot, QueryParser.parse("*"), TimeRange.ALL, 10, row -> true, BASE))
          .hasMessageContaining("the 1 ns limit");
    }
  }

  @Test
  void exportSendsEveryMatchingRowNewestFirstWithoutALimit() {
    List<ResultRow> rows = new ArrayList<>();
    QueryStats stats;
    try (Snapshot snapshot = storage.snapshot()) {
      stats =
          executor.export(snapshot, QueryParser.parse("handled"), TimeRange.ALL, rows::add, BASE);
    }
    List<String> expected =
        expected(record -> record.message().contains("handled"), TimeRange.ALL, Integer.MAX_VALUE);
    assertThat(described(new Search(rows, stats))).isEqualTo(expected);
    assertThat(stats.rowsReturned()).isEqualTo(expected.size());
  }
}
