package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.ingest.IngestPipeline;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patterns end to end on a real store: the stage sets {@code _pattern} at ingest, the query engine
 * filters and groups by it (from parts, after a flush), and the report adds series and templates.
 */
class PatternReportTest {
  private static final long MINUTE = 60_000_000_000L;
  private static final long T0 =
      Instant.parse("2026-11-22T10:00:00Z").getEpochSecond() * 1_000_000_000L;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path data;
  private Storage storage;
  private PatternRegistry registry;
  private ExecutorService pool;
  private QueryExecutor executor;

  @BeforeEach
  void ingest() {
    storage = Storage.open(StorageConfig.defaults(data), CLOCK);
    // Registry created at T0 - 2h: patterns first seen from T0 on are past a 1 h warm-up.
    registry =
        PatternRegistry.inMemory(
            PatternConfig.defaults().withNewPatternWarmup(Duration.ofHours(1)),
            Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC));
    pool = Executors.newFixedThreadPool(2);
    executor = new QueryExecutor(pool, 2, CLOCK).withPatternNames(registry);
    IngestPipeline pipeline =
        new IngestPipeline(List.of(new PatternStage(registry)), storage::append);
    Stream stream = Stream.of("default", Map.of("service", "auth"));
    List<LogRecord> batch = new ArrayList<>();
    for (int minute = 0; minute < 3; minute++) {
      for (int index = 0; index <= minute; index++) {
        batch.add(record(stream, minute, "user u" + index + "x logged in from 10.0.0." + index));
      }
    }
    batch.add(record(stream, 2, "disk sda is 91% full"));
    pipeline.accept(batch);
    storage.flush();
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    storage.close();
  }

  private static LogRecord record(Stream stream, int minute, String message) {
    return new LogRecord(stream, T0 + minute * MINUTE + 1, message, List.of());
  }

  private List<ResultRow> run(String query) {
    List<ResultRow> rows = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot()) {
      executor.run(snapshot, QueryParser.parse(query), TimeRange.ALL, 100, rows::add);
    }
    return rows;
  }

  private String loginId() {
    return registry.patterns().stream()
        .filter(info -> info.template().startsWith("user"))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Test
  void filterByPatternIdFindsExactlyItsLines() {
    List<ResultRow> rows = run(FieldNames.PATTERN + ":" + loginId());
    assertThat(rows).hasSize(6).allMatch(row -> row.value("_msg").startsWith("user "));
  }

  @Test
  void patternsPipeGroupsTheQuerysLinesWithTemplates() {
    List<ResultRow> rows = run("_stream:{service=\"auth\"} | patterns");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).value(FieldNames.PATTERN)).isEqualTo(loginId());
    assertThat(rows.get(0).value("hits")).isEqualTo("6");
    assertThat(rows.get(0).value("template")).isEqualTo("user <*> logged in from <*>");
    assertThat(rows.get(1).value("template")).isEqualTo("disk sda is <*>% full");
  }

  @Test
  void patternsTheRegistryNoLongerHoldsShowAPlaceholderTemplate() {
    // a registry without the patterns of the stored lines: as if it had evicted them all
    PatternRegistry forgetful =
        PatternRegistry.inMemory(
            PatternConfig.defaults(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    PatternReport.Result result;
    List<ResultRow> piped = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot()) {
      result =
          new PatternReport(executor, forgetful)
              .run(
                  snapshot,
                  new PatternReport.Request(
                      "default", QueryParser.parse("*"), T0, T0 + 4 * MINUTE, MINUTE, 10));
      executor
          .withPatternNames(forgetful)
          .run(snapshot, QueryParser.parse("* | patterns"), TimeRange.ALL, 100, piped::add);
    }
    String login = loginId();
    PatternReport.Row row = result.patterns().getFirst();
    assertThat(row.id()).isEqualTo(login);
    assertThat(row.template()).isEqualTo("(evicted pattern " + login + ")");
    assertThat(row.count()).isEqualTo(6);
    assertThat(row.firstSeenNanos()).isNull();
    assertThat(piped.getFirst().value("template")).isEqualTo("(evicted pattern " + login + ")");
    assertThat(piped.getFirst().value("first")).isEqualTo("2026-11-22T10:00:00.000000001Z");
    assertThat(piped.getFirst().value("last")).isEqualTo("2026-11-22T10:02:00.000000001Z");
  }

  @Test
  void reportHasCountsSeriesFirstSeenAndNewness() {
    PatternReport report = new PatternReport(executor, registry);
    PatternReport.Result result;
    try (Snapshot snapshot = storage.snapshot()) {
      result =
          report.run(
              snapshot,
              new PatternReport.Request(
                  "default", QueryParser.parse("*"), T0, T0 + 4 * MINUTE, MINUTE, 10));
    }
    assertThat(result.patterns()).hasSize(2);
    PatternReport.Row login = result.patterns().get(0);
    assertThat(login.id()).isEqualTo(loginId());
    assertThat(login.count()).isEqualTo(6);
    assertThat(login.series()).containsExactly(1, 2, 3, 0);
    assertThat(login.firstSeenNanos()).isEqualTo(T0 + 1);
    assertThat(login.isNew()).isTrue();
    assertThat(login.samples()).hasSize(3);
    PatternReport.Row disk = result.patterns().get(1);
    assertThat(disk.series()).containsExactly(0, 0, 1, 0);

    try (Snapshot snapshot = storage.snapshot()) {
      PatternReport.Row later =
          report
              .run(
                  snapshot,
                  new PatternReport.Request(
                      "default", QueryParser.parse("*"), T0 + MINUTE, T0 + 3 * MINUTE, MINUTE, 1))
              .patterns()
              .getFirst();
      assertThat(later.count()).isEqualTo(5);
      assertThat(later.isNew()).as("first seen before the range").isFalse();
    }
  }

  @Test
  void otherTenantsSeeNothing() {
    PatternReport report = new PatternReport(executor, registry);
    try (Snapshot snapshot = storage.snapshot().forTenant("other")) {
      assertThat(
              report
                  .run(
                      snapshot,
                      new PatternReport.Request(
                          "other", QueryParser.parse("*"), T0, T0 + 4 * MINUTE, MINUTE, 10))
                  .patterns())
          .isEmpty();
    }
  }

  @Test
  void rejectsBadRanges() {
    PatternReport report = new PatternReport(executor, registry);
    try (Snapshot snapshot = storage.snapshot()) {
      assertThatThrownBy(
              () ->
                  report.run(
                      snapshot,
                      new PatternReport.Request(
                          "default", QueryParser.parse("*"), T0, T0, MINUTE, 10)))
          .isInstanceOf(LoupeException.class)
          .hasMessageContaining("end must be after start");
      assertThatThrownBy(
              () ->
                  report.run(
                      snapshot,
                      new PatternReport.Request(
                          "default", QueryParser.parse("*"), T0, T0 + 2_000 * MINUTE, MINUTE, 10)))
          .hasMessageContaining("at most 1000");
    }
    assertThat(PatternReport.defaultStepNanos(T0, T0 + 60 * MINUTE)).isEqualTo(MINUTE);
  }
}
