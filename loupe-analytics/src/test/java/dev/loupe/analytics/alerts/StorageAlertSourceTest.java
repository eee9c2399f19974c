package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.analytics.ManualClock;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.analytics.metrics.MetricStore;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values per group from the store and from metric points, and what the source refuses. */
class StorageAlertSourceTest {
  private static final Instant WINDOW = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path data;

  private final ManualClock clock = new ManualClock(WINDOW.plusSeconds(1));
  private final ExecutorService pool = Executors.newFixedThreadPool(1);
  private Storage storage;
  private MetricStore metricStore;
  private MetricEngine metrics;
  private StorageAlertSource source;

  @BeforeEach
  void open() {
    storage = Storage.open(StorageConfig.defaults(data).withMinFreeDiskBytes(0), clock);
    metricStore = MetricStore.open(data, Duration.ofDays(1));
    metrics =
        MetricEngine.start(
            storage,
            metricStore,
            List.of(MetricRule.count("errors", "level:error", List.of("service", "host"), "10s")),
            clock,
            new MetricEngine.Settings(64, Duration.ofSeconds(1)));
    source =
        new StorageAlertSource(
            storage, new QueryExecutor(pool, 1, clock.withZone(ZoneOffset.UTC)), metrics);
  }

  @AfterEach
  void close() {
    metrics.close();
    metricStore.close();
    storage.close();
    pool.shutdownNow();
  }

  private void line(String service, String host, String level, Instant at) {
    Stream stream = Stream.of("default", Map.of("service", service));
    storage.append(
        List.of(
            new LogRecord(
                stream,
                at.toEpochMilli() * 1_000_000L,
                service + " " + level,
                List.of(
                    new Field("level", level),
                    new Field("service", service),
                    new Field("host", host)))));
  }

  private static AlertRule rule(String query, String metric, List<String> by) {
    return new AlertRule(
        "r", query, metric, "1m", null, "> 0", null, null, null, null, by, null, null);
  }

  @Test
  void aQueryRuleCountsPerGroupAndOnceWithoutGroups() {
    line("api", "h1", "error", WINDOW.plusSeconds(1));
    line("api", "h2", "error", WINDOW.plusSeconds(2));
    line("web", "h1", "error", WINDOW.plusSeconds(3));
    line("web", "h1", "info", WINDOW.plusSeconds(3));
    line("web", "h1", "error", WINDOW.minusSeconds(120)); // before the range
    long now = WINDOW.plusSeconds(10).toEpochMilli();

    assertThat(source.samples(rule("level:error", null, List.of("service")), now))
        .extracting(sample -> sample.group() + "=" + sample.value())
        .containsExactly("{service=api}=2.0", "{service=web}=1.0");
    assertThat(source.samples(rule("level:error", null, List.of("service", "host")), now))
        .extracting(sample -> sample.group() + "=" + sample.value())
        .containsExactlyInAnyOrder(
            "{host=h1, service=api}=1.0",
            "{host=h1, service=web}=1.0",
            "{host=h2, service=api}=1.0");
    assertThat(source.samples(rule("level:error", null, List.of()), now))
        .extracting(sample -> sample.group() + "=" + sample.value())
        .containsExactly("{}=3.0");
    assertThat(source.samples(rule("level:fatal", null, List.of()), now))
        .extracting(AlertSource.Sample::value)
        .containsExactly(0.0);
    assertThat(source.samples(rule("level:fatal", null, List.of("service")), now)).isEmpty();
    assertThat(
            source.lines(
                rule("*", null, List.of()), "service:=web level:error", now - 60_000, now, 5))
        .singleElement()
        .asString()
        .endsWith("web error");
    assertThat(source.patterns(rule("*", null, List.of()), "*", 0, now, 5)).isEmpty(); // no mining
  }

  @Test
  void aMetricRuleSumsThePointsOfEachLabelSet() {
    line("api", "h1", "error", WINDOW.plusSeconds(1));
    line("api", "h2", "error", WINDOW.plusSeconds(2));
    line("web", "h1", "error", WINDOW.plusSeconds(3));
    metrics.sync();
    clock.set(WINDOW.plusSeconds(12)); // the window [10:00:00, 10:00:10) closes after its grace
    metrics.sync();
    long now = WINDOW.plusSeconds(30).toEpochMilli();

    assertThat(source.samples(rule(null, "errors", List.of("service")), now))
        .extracting(sample -> sample.group() + "=" + sample.value())
        .containsExactlyInAnyOrder("{service=api}=2.0", "{service=web}=1.0");
    assertThat(source.samples(rule(null, "errors", List.of()), now))
        .extracting(sample -> sample.group() + "=" + sample.value())
        .containsExactly("{}=3.0");
    assertThat(source.query(rule(null, "errors", List.of()))).isEqualTo("level:error");
  }

  @Test
  void rulesItCannotEvaluateAreRefusedSayingWhy() {
    source.check(rule(null, "errors", List.of("service", "host")));
    assertThatThrownBy(() -> source.check(rule(null, "nothing", List.of())))
        .hasMessage(
            "alert rule r: no metric rule named nothing; GET /api/v1/metrics/rules lists them");
    assertThatThrownBy(() -> source.check(rule(null, "errors", List.of("path"))))
        .hasMessage(
            "alert rule r: by path is not a label of metric rule errors, which groups by"
                + " [service, host]; group by those or watch a query");
    AlertRule pattern =
        new AlertRule("p", "x", null, null, "new_pattern", null, null, null, null, null);
    assertThatThrownBy(() -> source.check(pattern))
        .hasMessageContaining("kind new_pattern needs pattern mining, which is off");
    assertThatThrownBy(() -> source.samples(pattern, 0))
        .hasMessageContaining("needs pattern mining");
  }
}
