package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.analytics.ManualClock;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricEngineTest {
  /** A window boundary: 10 s windows start at every multiple of 10 s. */
  private static final Instant WINDOW_START = Instant.parse("2026-11-22T10:00:00Z");

  private static final Stream API = Stream.of("default", Map.of("service", "api"));
  private static final Stream WEB = Stream.of("default", Map.of("service", "web"));
  private static final Stream OTHER_TENANT = Stream.of("acme", Map.of("service", "api"));
  private static final MetricEngine.Settings SETTINGS =
      new MetricEngine.Settings(1024, Duration.ofSeconds(5));

  @TempDir Path data;

  private final ManualClock clock = new ManualClock(WINDOW_START.plusSeconds(1));

  private static LogRecord line(Stream stream, Instant time, String level, Field... extra) {
    List<Field> fields = new ArrayList<>(List.of(new Field("level", level)));
    fields.addAll(List.of(extra));
    return new LogRecord(
        stream, time.getEpochSecond() * 1_000_000_000L + time.getNano(), "line " + level, fields);
  }

  private Storage openStorage() {
    return Storage.open(StorageConfig.defaults(data), clock);
  }

  @Test
  void countsMatchingRecordsByGroupAndClosesTheWindowAfterTheGrace() {
    MetricRule errors = MetricRule.count("errors", "level:error", List.of("service"), "10s");
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine =
            MetricEngine.start(storage, store, List.of(errors), clock, SETTINGS)) {
      storage.append(
          List.of(
              line(API, WINDOW_START.plusSeconds(1), "error"),
              line(API, WINDOW_START.plusSeconds(2), "error"),
              line(API, WINDOW_START.plusSeconds(3), "info")));
      storage.append(List.of(line(WEB, WINDOW_START.plusSeconds(4), "error")));
      storage.append(List.of(line(OTHER_TENANT, WINDOW_START.plusSeconds(4), "error")));
      clock.set(WINDOW_START.plusSeconds(14)); // end 10 s + grace 5 s not yet passed
      engine.sync();
      assertThat(engine.points("errors", 0, Long.MAX_VALUE)).isEmpty();

      clock.set(WINDOW_START.plusSeconds(15));
      engine.sync();

      List<MetricPoint> points = engine.points("errors", 0, Long.MAX_VALUE);
      assertThat(points)
          .extracting(point -> point.labels().get("service") + "=" + point.value())
          .containsExactlyInAnyOrder("api=2.0", "web=1.0");
      assertThat(points.get(0).startMillis()).isEqualTo(WINDOW_START.toEpochMilli());
      assertThat(points.get(0).endMillis()).isEqualTo(WINDOW_START.toEpochMilli() + 10_000);
      assertThat(engine.lateRecords()).isZero();
    }
  }

  @Test
  void aRecordOfAClosedWindowIsCountedAsLateNotAdded() {
    MetricRule all = MetricRule.count("all", "*", List.of(), "10s");
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, List.of(all), clock, SETTINGS)) {
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(1), "info")));
      clock.set(WINDOW_START.plusSeconds(16));
      engine.sync();
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(2), "info"))); // its window closed
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(12), "info"))); // within grace
      clock.set(WINDOW_START.plusSeconds(40));
      engine.sync();

      assertThat(engine.lateRecords()).isEqualTo(1);
      assertThat(engine.points("all", 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(1.0, 1.0);
    }
  }

  @Test
  void exactlyOnceAcrossARestartInTheMiddleOfAWindow() {
    MetricRule all = MetricRule.count("all", "*", List.of(), "10s");
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, List.of(all), clock, SETTINGS)) {
      // An earlier window closes and is persisted before the restart.
      storage.append(List.of(line(API, WINDOW_START.minusSeconds(5), "info")));
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(1), "info")));
      storage.append(List.of(line(WEB, WINDOW_START.plusSeconds(2), "info")));
      clock.set(WINDOW_START.plusSeconds(6));
      engine.sync();
      assertThat(engine.points("all", 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(1.0);
    }
    // Restart: the open window [10:00:00, 10:00:10) is recomputed from what storage kept.
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, List.of(all), clock, SETTINGS)) {
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(3), "info")));
      clock.set(WINDOW_START.plusSeconds(20));
      engine.sync();

      assertThat(engine.points("all", 0, Long.MAX_VALUE))
          .extracting(point -> point.startMillis() + "=" + point.value())
          .containsExactly(
              WINDOW_START.minusSeconds(10).toEpochMilli() + "=1.0",
              WINDOW_START.toEpochMilli() + "=3.0");
      assertThat(engine.lateRecords()).isZero();
    }
    // A second restart after the window closed recomputes nothing twice.
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, List.of(all), clock, SETTINGS)) {
      clock.set(WINDOW_START.plusSeconds(60));
      engine.sync();
      assertThat(engine.points("all", 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(1.0, 3.0);
    }
  }

  @Test
  void numericAggregationsOfAField() {
    List<MetricRule> rules =
        List.of(
            new MetricRule("total", "*", "sum", "bytes", List.of(), "10s", null, null),
            new MetricRule("mean", "*", "avg", "bytes", List.of(), "10s", null, null),
            new MetricRule("top", "*", "p90", "bytes", List.of(), "10s", null, null),
            new MetricRule("least", "*", "min", "bytes", List.of(), "10s", null, null));
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, rules, clock, SETTINGS)) {
      List<LogRecord> batch = new ArrayList<>();
      for (int value = 1; value <= 10; value++) {
        batch.add(
            line(
                API,
                WINDOW_START.plusMillis(value),
                "info",
                new Field("bytes", Integer.toString(value * 10))));
      }
      batch.add(line(API, WINDOW_START.plusMillis(20), "info", new Field("bytes", "not a number")));
      storage.append(batch);
      clock.set(WINDOW_START.plusSeconds(15));
      engine.sync();

      assertThat(engine.points("total", 0, Long.MAX_VALUE).get(0).value()).isEqualTo(550.0);
      assertThat(engine.points("mean", 0, Long.MAX_VALUE).get(0).value()).isEqualTo(55.0);
      assertThat(engine.points("top", 0, Long.MAX_VALUE).get(0).value()).isEqualTo(90.0);
      assertThat(engine.points("least", 0, Long.MAX_VALUE).get(0).value()).isEqualTo(10.0);
    }
  }

  @Test
  void aChangedRuleStartsAFreshSeries() {
    MetricRule before = MetricRule.count("m", "level:error", List.of(), "10s");
    MetricRule after = MetricRule.count("m", "level:info", List.of(), "10s");
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine =
            MetricEngine.start(storage, store, List.of(before), clock, SETTINGS)) {
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(1), "error")));
      clock.set(WINDOW_START.plusSeconds(15));
      engine.sync();
      assertThat(engine.points("m", 0, Long.MAX_VALUE)).hasSize(1);

      engine.setRules(List.of(after));
      storage.append(List.of(line(API, WINDOW_START.plusSeconds(12), "info")));
      clock.set(WINDOW_START.plusSeconds(30));
      engine.sync();

      assertThat(engine.points("m", 0, Long.MAX_VALUE))
          .extracting(
              point -> point.startMillis() - WINDOW_START.toEpochMilli() + "=" + point.value())
          .containsExactly("10000=1.0");
      assertThat(engine.rules()).containsExactly(after);
    }
  }

  @Test
  void refusesDuplicateNamesAndTooManyRules() {
    try (Storage storage = openStorage();
        MetricStore store = MetricStore.open(data, Duration.ofDays(30));
        MetricEngine engine = MetricEngine.start(storage, store, List.of(), clock, SETTINGS)) {
      MetricRule rule = MetricRule.count("m", "*", List.of(), "10s");
      assertThatThrownBy(() -> engine.setRules(List.of(rule, rule)))
          .isInstanceOf(LoupeException.class)
          .hasMessageContaining("defined twice");
      List<MetricRule> many = new ArrayList<>();
      for (int index = 0; index <= 200; index++) {
        many.add(MetricRule.count("m" + index, "*", List.of(), "10s"));
      }
      assertThatThrownBy(() -> engine.setRules(many)).hasMessageContaining("limit of 200");
    }
  }
}
