package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.analytics.ManualClock;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.analytics.metrics.MetricStore;
import dev.loupe.core.LoupeException;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API rules kept across restarts, the rules file re-read when it changes, with a real evaluator.
 */
class AlertRuleSetTest {
  private static final AlertRule API_RULE =
      new AlertRule("from_api", "level:error", null, "1m", null, "> 3", "0s", null, null, null);

  @TempDir Path data;
  @TempDir Path config;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(1);
  private Storage storage;
  private MetricStore metricStore;
  private MetricEngine metrics;
  private AlertEvaluator evaluator;
  private Path rulesFile;
  private long fileTime = 1_000_000;

  @BeforeEach
  void open() {
    storage = Storage.open(StorageConfig.defaults(data).withMinFreeDiskBytes(0), clock);
    metricStore = MetricStore.open(data, Duration.ofDays(1));
    metrics =
        MetricEngine.start(
            storage,
            metricStore,
            List.of(MetricRule.count("errors", "level:error", List.of("service"), "10s")),
            clock,
            MetricEngine.Settings.defaults());
    evaluator = newEvaluator();
    rulesFile = config.resolve("alerts.yaml");
  }

  private AlertEvaluator newEvaluator() {
    return new AlertEvaluator(
        data,
        new StorageAlertSource(
            storage, new QueryExecutor(pool, 1, clock.withZone(ZoneOffset.UTC)), metrics),
        new Notifier(
            new Notifier.Settings(
                List.of(),
                List.of("alertname"),
                Duration.ZERO,
                Duration.ZERO,
                1,
                Duration.ZERO,
                "http://loupe")),
        "http://loupe");
  }

  @AfterEach
  void close() {
    metrics.close();
    metricStore.close();
    storage.close();
    pool.shutdownNow();
  }

  /** Writes the rules file with a new modification time each time (no sleeping for the clock). */
  private void writeRules(String yaml) throws Exception {
    Files.writeString(rulesFile, yaml);
    fileTime += 1_000;
    Files.setLastModifiedTime(rulesFile, FileTime.fromMillis(fileTime));
  }

  @Test
  void apiRulesAreKeptAcrossARestartAndDeletedThroughTheApi() {
    AlertRuleSet rules = new AlertRuleSet(data, null);
    rules.attach(evaluator);
    rules.put(List.of(API_RULE));
    assertThat(evaluator.rules()).containsExactly(API_RULE);

    AlertEvaluator restarted = newEvaluator();
    AlertRuleSet reopened = new AlertRuleSet(data, null);
    reopened.attach(restarted);
    assertThat(restarted.rules()).containsExactly(API_RULE);
    assertThat(reopened.entries())
        .containsExactly(new AlertRuleSet.Entry(API_RULE, AlertRuleSet.Source.API));

    assertThat(reopened.delete("from_api")).isTrue();
    assertThat(reopened.delete("from_api")).isFalse();
    assertThat(restarted.rules()).isEmpty();
    assertThat(new AlertRuleSet(data, null).rules()).isEmpty();
  }

  @Test
  void rulesStoredByTheFirstVersionAsAPlainListStillLoad() throws Exception {
    Files.createDirectories(data.resolve("alerts"));
    Files.writeString(
        data.resolve("alerts/rules.json"),
        "[{\"name\":\"old\",\"query\":\"level:error\",\"range\":\"1m\",\"kind\":\"threshold\","
            + "\"condition\":\"> 5\",\"for\":\"0s\",\"labels\":{},\"annotations\":{},"
            + "\"tenant\":\"default\"}]");
    assertThat(new AlertRuleSet(data, null).rules())
        .extracting(AlertRule::name)
        .containsExactly("old");
  }

  @Test
  void theRulesFileIsInForceAndOnlyTheFileChangesItsRules() throws Exception {
    writeRules("rules:\n  - {name: from_file, query: 'level:error', condition: '> 1'}\n");
    AlertRuleSet rules = new AlertRuleSet(data, rulesFile);
    rules.attach(evaluator);
    rules.put(List.of(API_RULE));
    assertThat(rules.entries())
        .extracting(entry -> entry.rule().name() + ":" + entry.source())
        .containsExactly("from_api:API", "from_file:FILE");

    AlertRule clash =
        new AlertRule("from_file", "x", null, null, null, "> 1", null, null, null, null);
    assertThatThrownBy(() -> rules.put(List.of(clash)))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "alert rule from_file comes from the rules file " + rulesFile + "; change it there");
    assertThatThrownBy(() -> rules.delete("from_file")).hasMessageContaining("remove it there");
  }

  @Test
  void aChangedFileIsReloadedAndABadOneKeepsTheLastGoodRules() throws Exception {
    writeRules("rules:\n  - {name: one, query: 'level:error', condition: '> 1'}\n");
    AlertRuleSet rules = new AlertRuleSet(data, rulesFile);
    rules.attach(evaluator);
    assertThat(rules.reloadIfChanged()).isFalse(); // unchanged

    writeRules(
        "rules:\n  - {name: one, query: 'level:error', condition: '> 1'}\n"
            + "  - {name: two, metric: errors, by: [service], condition: '> 5'}\n");
    assertThat(rules.reloadIfChanged()).isTrue();
    assertThat(evaluator.rules()).extracting(AlertRule::name).containsExactly("one", "two");

    writeRules("rules:\n  - {name: one, query: 'level:error', condition: 'lots'}\n");
    assertThat(rules.reloadIfChanged()).isFalse();
    assertThat(evaluator.rules()).extracting(AlertRule::name).containsExactly("one", "two");

    // parses, but the evaluator refuses it: a metric rule that does not group by host
    writeRules("rules:\n  - {name: three, metric: errors, by: [host], condition: '> 5'}\n");
    assertThat(rules.reloadIfChanged()).isFalse();
    assertThat(evaluator.rules()).extracting(AlertRule::name).containsExactly("one", "two");

    writeRules("rules: []\n");
    assertThat(rules.reloadIfChanged()).isTrue();
    assertThat(evaluator.rules()).isEmpty();
  }

  @Test
  void aBadFileAtStartIsAnErrorThatNamesIt() throws Exception {
    writeRules("rules:\n  - {name: one, query: 'level:error', condition: 'lots'}\n");
    assertThatThrownBy(() -> new AlertRuleSet(data, rulesFile))
        .hasMessageStartingWith(rulesFile + ": rule 1 (one): alert rule one: condition 'lots'");

    writeRules("rules:\n  - {name: one, metric: nothing, condition: '> 1'}\n");
    AlertRuleSet refused = new AlertRuleSet(data, rulesFile);
    assertThatThrownBy(() -> refused.attach(evaluator))
        .hasMessage(
            "rules file "
                + rulesFile
                + ": alert rule one: no metric rule named nothing; GET /api/v1/metrics/rules"
                + " lists them");
  }

  @Test
  void validateChecksWithoutKeeping() {
    AlertRuleSet rules = new AlertRuleSet(data, null);
    rules.attach(evaluator);
    rules.validate(List.of(API_RULE));
    assertThat(rules.rules()).isEmpty();
    AlertRule pattern =
        new AlertRule("p", null, null, null, "new_pattern", null, null, null, null, null);
    assertThatThrownBy(() -> rules.validate(List.of(pattern)))
        .hasMessageContaining("kind new_pattern needs pattern mining, which is off");
    assertThatThrownBy(() -> rules.put(List.of(API_RULE, pattern)))
        .hasMessageContaining("needs pattern mining");
    assertThat(rules.rules()).isEmpty(); // all or none
  }
}
