package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.ManualClock;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricStore;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.analytics.patterns.PatternRegistry;
import dev.loupe.analytics.patterns.PatternStage;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestPipeline;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
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

/** Alert states and notifications with the real store, executor and loopback receivers. */
class AlertEvaluatorTest {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Stream API = Stream.of("default", Map.of("service", "api"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AlertRule ERRORS =
      new AlertRule(
          "api_errors",
          "level:error",
          null,
          "1m",
          null,
          "> 3",
          "30s",
          Map.of("severity", "page"),
          Map.of("summary", "api is failing"),
          null);

  @TempDir Path data;

  private final ManualClock clock = new ManualClock(START);
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
            storage, metricStore, List.of(), clock, MetricEngine.Settings.defaults());
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

  private void errorBurst(int count, Instant at) {
    List<LogRecord> batch = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      batch.add(
          new LogRecord(
              API,
              (at.toEpochMilli() + index) * 1_000_000L,
              "payment failed #" + index,
              List.of(new Field("level", "error"))));
    }
    storage.append(batch);
  }

  private AlertEvaluator evaluator(Receiver receiver, Duration backoff) {
    Notifier notifier =
        new Notifier(
            new Notifier.Settings(
                List.of(receiver),
                List.of("alertname"),
                Duration.ZERO,
                Duration.ZERO,
                5,
                backoff,
                "http://loupe.example:9280"));
    return new AlertEvaluator(data, source, notifier, "http://loupe.example:9280/");
  }

  private void evaluateAt(AlertEvaluator evaluator, Instant at) {
    clock.set(at);
    evaluator.evaluate(at.toEpochMilli());
  }

  @Test
  void pendingThenFiringAfterForThenResolvedWithEvidenceOverAWebhook() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(ERRORS));
      errorBurst(7, START.minusSeconds(5));

      evaluateAt(evaluator, START);
      assertThat(evaluator.alerts(START.toEpochMilli()).get(0).state())
          .isEqualTo(AlertState.PENDING);
      assertThat(receiver.requests()).isEmpty();

      evaluateAt(evaluator, START.plusSeconds(30));
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.FIRING);
      assertThat(receiver.requests()).hasSize(1);
      JsonNode firing = JSON.readTree(receiver.requests().get(0).body());
      assertThat(firing.get("status").asText()).isEqualTo("firing");
      JsonNode alert = firing.at("/alerts/0");
      assertThat(alert.at("/labels/alertname").asText()).isEqualTo("api_errors");
      assertThat(alert.at("/labels/severity").asText()).isEqualTo("page");
      assertThat(alert.at("/annotations/summary").asText()).isEqualTo("api is failing");
      assertThat(alert.get("value").asDouble()).isEqualTo(7.0);
      assertThat(alert.at("/evidence/lines")).hasSize(5);
      assertThat(alert.at("/evidence/lines/0").asText()).endsWith("payment failed #6");
      assertThat(alert.at("/evidence/lines/4").asText()).endsWith("payment failed #2");
      assertThat(alert.at("/evidence/exploreUrl").asText())
          .isEqualTo(
              "http://loupe.example:9280/#q=level%3Aerror&from=2026-11-22T09:59:30Z&to=2026-11-22T10:00:30Z&tab=logs");

      evaluateAt(evaluator, START.plusSeconds(120)); // the burst left the 1m range
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.RESOLVED);
      assertThat(receiver.requests()).hasSize(2);
      JsonNode resolved = JSON.readTree(receiver.requests().get(1).body());
      assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
      assertThat(resolved.at("/alerts/0/endsAt").asText()).isEqualTo("2026-11-22T10:02:00Z");

      List<String> expected = List.of("INACTIVE>PENDING", "PENDING>FIRING", "FIRING>RESOLVED");
      assertThat(evaluator.history())
          .extracting(change -> change.from() + ">" + change.to())
          .containsExactlyElementsOf(expected);
      AlertEvaluator reopened =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      assertThat(reopened.history())
          .extracting(change -> change.from() + ">" + change.to())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void theHistoryFileIsCutToTheKeptChangesOnceItHoldsTwiceAsMany() throws Exception {
    java.nio.file.Files.createDirectories(data.resolve("alerts"));
    StringBuilder lines = new StringBuilder();
    int written = 2 * dev.loupe.analytics.AnalyticsLimits.MAX_ALERT_HISTORY + 1;
    for (int index = 0; index < written; index++) {
      lines.append(
          JSON.writeValueAsString(
                  new AlertEvaluator.Change(
                      index, "r", AlertState.INACTIVE, AlertState.PENDING, index, Map.of()))
              + "\n");
    }
    java.nio.file.Files.writeString(data.resolve("alerts/history.jsonl"), lines);
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      assertThat(evaluator.history())
          .hasSize(dev.loupe.analytics.AnalyticsLimits.MAX_ALERT_HISTORY)
          .last()
          .extracting(AlertEvaluator.Change::atMillis)
          .isEqualTo((long) written - 1);
      assertThat(java.nio.file.Files.readAllLines(data.resolve("alerts/history.jsonl")))
          .hasSize(dev.loupe.analytics.AnalyticsLimits.MAX_ALERT_HISTORY);
    }
  }

  @Test
  void aConditionThatStopsBeforeForNeverFires() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(ERRORS));
      errorBurst(7, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(90));
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.INACTIVE);
      assertThat(receiver.requests()).isEmpty();
    }
  }

  @Test
  void slackGetsTextAndBlocks() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(
              Receiver.parse("slack=" + receiver.url("/services/T/B/X")), Duration.ofMillis(1));
      evaluator.setRules(List.of(ERRORS));
      errorBurst(4, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(30));

      JsonNode slack = JSON.readTree(receiver.requests().get(0).body());
      assertThat(receiver.requests().get(0).path()).isEqualTo("/services/T/B/X");
      assertThat(slack.get("text").asText()).contains("FIRING api_errors");
      assertThat(slack.at("/blocks/0/type").asText()).isEqualTo("section");
      assertThat(slack.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
      assertThat(slack.at("/blocks/0/text/text").asText())
          .contains("api is failing")
          .contains("payment failed #3")
          .contains("|Open in Loupe>");
    }
  }

  @Test
  void alertmanagerGetsTheV2AlertListAfterTwoFailedAttempts() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(2)) {
      Notifier notifier =
          new Notifier(
              new Notifier.Settings(
                  List.of(Receiver.parse("alertmanager=" + receiver.url(""))),
                  List.of("alertname"),
                  Duration.ZERO,
                  Duration.ZERO,
                  5,
                  Duration.ofMillis(5),
                  "http://loupe"));
      AlertEvaluator evaluator = new AlertEvaluator(data, source, notifier, "http://loupe");
      evaluator.setRules(
          List.of(
              new AlertRule(
                  "api_errors", "level:error", null, "10m", null, "> 3", "30s", null, null, null)));
      errorBurst(4, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(30));

      assertThat(receiver.requests()).hasSize(3);
      assertThat(receiver.requests())
          .extracting(LoopbackReceiver.Request::path)
          .containsOnly("/api/v2/alerts");
      assertThat(notifier.sent()).isEqualTo(1);
      assertThat(notifier.failed()).isZero();
      JsonNode alerts = JSON.readTree(receiver.requests().get(2).body());
      assertThat(alerts.isArray()).isTrue();
      assertThat(alerts.at("/0/labels/alertname").asText()).isEqualTo("api_errors");
      assertThat(alerts.at("/0/startsAt").asText()).isEqualTo("2026-11-22T10:00:30Z");
      assertThat(alerts.at("/0/generatorURL").asText()).startsWith("http://loupe/#q=level%3Aerror");
      assertThat(alerts.at("/0/annotations/evidence").asText()).contains("payment failed #3");
      // Alertmanager resolves an alert not repeated before its endsAt: four resends ahead
      assertThat(alerts.at("/0/endsAt").asText()).isEqualTo("2026-11-22T10:04:30Z");

      // still firing a minute later: told again (Alertmanager's API expects it), endsAt moved on
      evaluateAt(evaluator, START.plusSeconds(60));
      assertThat(receiver.requests()).hasSize(3);
      evaluateAt(evaluator, START.plusSeconds(90));
      assertThat(receiver.requests()).hasSize(4);
      JsonNode again = JSON.readTree(receiver.requests().get(3).body());
      assertThat(again.at("/0/labels/alertname").asText()).isEqualTo("api_errors");
      assertThat(again.at("/0/startsAt").asText()).isEqualTo("2026-11-22T10:00:30Z");
      assertThat(again.at("/0/endsAt").asText()).isEqualTo("2026-11-22T10:05:30Z");

      // resolved: sent once with the resolution time, then no more resends
      evaluateAt(evaluator, START.plus(Duration.ofMinutes(11)));
      assertThat(receiver.requests()).hasSize(5);
      JsonNode resolved = JSON.readTree(receiver.requests().get(4).body());
      assertThat(resolved.at("/0/endsAt").asText()).isEqualTo("2026-11-22T10:11:00Z");
      evaluateAt(evaluator, START.plus(Duration.ofMinutes(15)));
      assertThat(receiver.requests()).hasSize(5);
    }
  }

  @Test
  void alertmanagerIsToldAgainAtTheResendIntervalOfTheSettings() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      Notifier notifier =
          new Notifier(
              new Notifier.Settings(
                  List.of(Receiver.parse("alertmanager=" + receiver.url(""))),
                  List.of("alertname"),
                  Duration.ZERO,
                  Duration.ZERO,
                  5,
                  Duration.ofMillis(5),
                  "http://loupe",
                  Duration.ofMinutes(5)));
      AlertEvaluator evaluator = new AlertEvaluator(data, source, notifier, "http://loupe");
      evaluator.setRules(
          List.of(
              new AlertRule(
                  "api_errors", "level:error", null, "10m", null, "> 3", "0s", null, null, null)));
      errorBurst(4, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      assertThat(receiver.requests()).hasSize(1);
      // a minute later: the default would resend; five minutes is the setting
      evaluateAt(evaluator, START.plusSeconds(90));
      assertThat(receiver.requests()).hasSize(1);
      evaluateAt(evaluator, START.plusSeconds(300));
      assertThat(receiver.requests()).hasSize(2);
      JsonNode first = JSON.readTree(receiver.requests().get(0).body());
      // endsAt four resend intervals ahead, so that Alertmanager keeps it between resends
      assertThat(first.at("/0/endsAt").asText()).isEqualTo("2026-11-22T10:20:00Z");
    }
  }

  @Test
  void aSilenceMutesNotificationsUntilItEnds() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(ERRORS));
      Silence silence =
          evaluator.addSilence(
              new Silence(
                  null,
                  Map.of("alertname", "api_errors"),
                  START.plusSeconds(60).toEpochMilli(),
                  "deploy"));
      assertThat(silence.id()).isNotBlank();
      errorBurst(7, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(30));
      assertThat(evaluator.alerts(START.plusSeconds(30).toEpochMilli()).get(0))
          .satisfies(
              alert -> {
                assertThat(alert.state()).isEqualTo(AlertState.FIRING);
                assertThat(alert.silenced()).isTrue();
              });
      assertThat(receiver.requests()).isEmpty();
      assertThat(evaluator.silences(START.plusSeconds(61).toEpochMilli())).isEmpty();
      assertThat(evaluator.deleteSilence(silence.id())).isTrue();
    }
  }

  @Test
  void anAlertStillFiringWhenItsSilenceEndsIsNotifiedThenAndItsResolutionToo() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      AlertRule longRange =
          new AlertRule(
              "api_errors", "level:error", null, "10m", null, "> 3", "0s", null, null, null);
      evaluator.setRules(List.of(longRange));
      evaluator.addSilence(
          new Silence(
              null, Map.of("alertname", "api_errors"), START.plusSeconds(60).toEpochMilli(), ""));
      errorBurst(7, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(30));
      assertThat(receiver.requests()).isEmpty(); // firing under the silence

      evaluateAt(evaluator, START.plusSeconds(75)); // the silence ended, the alert still fires
      assertThat(receiver.requests()).hasSize(1);
      JsonNode late = JSON.readTree(receiver.requests().get(0).body());
      assertThat(late.at("/alerts/0/status").asText()).isEqualTo("firing");
      assertThat(late.at("/alerts/0/startsAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
      evaluateAt(evaluator, START.plusSeconds(90));
      assertThat(receiver.requests()).hasSize(1); // told once

      evaluateAt(evaluator, START.plus(Duration.ofMinutes(11))); // the burst left the range
      assertThat(receiver.requests()).hasSize(2);
      assertThat(JSON.readTree(receiver.requests().get(1).body()).at("/alerts/0/status").asText())
          .isEqualTo("resolved");
    }
  }

  @Test
  void anAlertThatFiredAndResolvedUnderASilenceIsNeverNotified() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(
          List.of(
              new AlertRule(
                  "api_errors", "level:error", null, "1m", null, "> 3", "0s", null, null, null)));
      evaluator.addSilence(
          new Silence(
              null, Map.of("alertname", "api_errors"), START.plusSeconds(300).toEpochMilli(), ""));
      errorBurst(7, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(120));
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.RESOLVED);
      evaluateAt(evaluator, START.plusSeconds(400)); // silence over: nothing to tell
      assertThat(receiver.requests()).isEmpty();
    }
  }

  @Test
  void aFiringAlertOfARemovedOrChangedRuleIsResolvedAtItsReceivers() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(byService("> 3", "0s")));
      serviceLines("api", "error", 6, START.minusSeconds(10), "api failed");
      serviceLines("db", "error", 1, START.minusSeconds(10), "db slow");
      evaluateAt(evaluator, START);
      assertThat(receiver.requests()).hasSize(1);

      evaluator.setRules(List.of()); // deleted while firing
      evaluateAt(evaluator, START.plusSeconds(15));
      assertThat(receiver.requests()).hasSize(2);
      JsonNode resolved = JSON.readTree(receiver.requests().get(1).body());
      assertThat(resolved.get("status").asText()).isEqualTo("resolved");
      assertThat(resolved.at("/alerts")).hasSize(1); // only the instance receivers were told of
      assertThat(resolved.at("/alerts/0/labels/service").asText()).isEqualTo("api");
      assertThat(resolved.at("/alerts/0/endsAt").asText()).isEqualTo("2026-11-22T10:00:15Z");
      assertThat(evaluator.history())
          .extracting(change -> change.labels().get("service") + ":" + change.to())
          .endsWith("api:RESOLVED");
      assertThat(evaluator.alerts(0)).isEmpty();
    }
  }

  @Test
  void aRestartNeitherNotifiesAFiringAlertAgainNorForgetsToResolveIt() throws Exception {
    AlertRule longRange =
        new AlertRule(
            "api_errors",
            "level:error",
            null,
            "10m",
            null,
            "> 3",
            "0s",
            Map.of("severity", "page"),
            null,
            null);
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      Receiver hook = Receiver.parse("webhook=" + receiver.url("/hook"));
      AlertEvaluator before = evaluator(hook, Duration.ofMillis(1));
      before.setRules(List.of(longRange, byService("> 3", "0s")));
      errorBurst(7, START.minusSeconds(5));
      serviceLines("db", "error", 5, START.minusSeconds(5), "db slow");
      evaluateAt(before, START);
      assertThat(receiver.requests()).hasSize(2); // api_errors, errors_by_service{db}

      // restarted, with the grouped rule gone from the rules
      AlertEvaluator after = evaluator(hook, Duration.ofMillis(1));
      after.setRules(List.of(longRange));
      assertThat(after.alerts(0))
          .singleElement()
          .extracting(Alert::state, Alert::firedAtMillis)
          .containsExactly(AlertState.FIRING, START.toEpochMilli());
      evaluateAt(after, START.plusSeconds(30)); // still firing: nothing new to say about it
      assertThat(receiver.requests()).hasSize(3);
      JsonNode gone = JSON.readTree(receiver.requests().get(2).body());
      assertThat(gone.at("/alerts/0/labels/alertname").asText()).isEqualTo("errors_by_service");
      assertThat(gone.at("/alerts/0/labels/severity").asText()).isEqualTo("page");
      assertThat(gone.at("/alerts/0/status").asText()).isEqualTo("resolved");

      evaluateAt(after, START.plus(Duration.ofMinutes(11))); // the burst left the range
      assertThat(receiver.requests()).hasSize(4);
      JsonNode resolved = JSON.readTree(receiver.requests().get(3).body());
      assertThat(resolved.at("/alerts/0/labels/alertname").asText()).isEqualTo("api_errors");
      assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
      assertThat(resolved.at("/alerts/0/startsAt").asText()).isEqualTo("2026-11-22T10:00:00Z");

      AlertEvaluator again = evaluator(hook, Duration.ofMillis(1));
      again.setRules(List.of(longRange));
      assertThat(again.alerts(0))
          .singleElement()
          .extracting(Alert::state)
          .isEqualTo(AlertState.INACTIVE); // nothing fires any more: nothing restored
    }
  }

  @Test
  void aRateOnAMetricChangesOnlyWhenAWindowClosesSoItDoesNotFlap() {
    MetricEngine withRule =
        MetricEngine.start(
            storage,
            metricStore,
            List.of(
                dev.loupe.analytics.metrics.MetricRule.count(
                    "errors", "level:error", List.of(), "10s")),
            clock,
            new MetricEngine.Settings(64, Duration.ofSeconds(2)));
    StorageAlertSource metricSource =
        new StorageAlertSource(
            storage, new QueryExecutor(pool, 1, clock.withZone(ZoneOffset.UTC)), withRule);
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          new AlertEvaluator(
              data,
              metricSource,
              new Notifier(
                  new Notifier.Settings(
                      List.of(Receiver.parse("webhook=" + receiver.url("/hook"))),
                      List.of("alertname"),
                      Duration.ZERO,
                      Duration.ZERO,
                      5,
                      Duration.ofMillis(1),
                      "http://loupe")),
              "http://loupe");
      evaluator.setRules(
          List.of(
              new AlertRule(
                  "surge", null, "errors", "1m", "rate", "> 0.5", "0s", null, null, null)));
      // 20 errors in each 10 s window from 10:00:00; evaluated every 5 s, half of the
      // evaluations find no newly closed window
      Instant at = START;
      List<String> states = new ArrayList<>();
      for (int step = 0; step < 12; step++) {
        if (step % 2 == 0) {
          errorBurst(20, at);
        }
        clock.set(at);
        withRule.sync();
        evaluator.evaluate(at.toEpochMilli());
        Alert alert = evaluator.alerts(0).get(0);
        states.add(alert.state() + "@" + alert.value());
        at = at.plusSeconds(5);
      }
      // closed windows add 20 lines per 10 s: 2 lines/s, at every evaluation once known
      assertThat(states.subList(4, 12)).allMatch(state -> state.equals("FIRING@2.0"));
      assertThat(evaluator.history())
          .extracting(change -> change.to().toString())
          .containsExactly("PENDING", "FIRING");
    } finally {
      withRule.close();
    }
  }

  @Test
  void rateOfChangeComparesSuccessiveEvaluations() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(
          List.of(
              new AlertRule(
                  "surge", "level:error", null, "1h", "rate", "> 0.5", "0s", null, null, null)));
      errorBurst(2, START.minusSeconds(5));
      evaluateAt(evaluator, START); // no previous value: no rate yet
      errorBurst(30, START.plusSeconds(1));
      evaluateAt(evaluator, START.plusSeconds(10)); // 30 more lines in 10 s: 3 lines/s
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.FIRING);
      assertThat(evaluator.alerts(0).get(0).value()).isEqualTo(3.0);
      evaluateAt(evaluator, START.plusSeconds(20)); // nothing new: rate 0
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.RESOLVED);
    }
  }

  private void serviceLines(String service, String level, int count, Instant at, String message) {
    List<LogRecord> batch = new ArrayList<>();
    Stream stream = Stream.of("default", Map.of("service", service));
    for (int index = 0; index < count; index++) {
      batch.add(
          new LogRecord(
              stream,
              (at.toEpochMilli() + index) * 1_000_000L,
              message + " #" + index,
              List.of(new Field("level", level), new Field("service", service))));
    }
    storage.append(batch);
  }

  private static AlertRule byService(String condition, String holdFor) {
    return new AlertRule(
        "errors_by_service",
        "level:error",
        null,
        "1m",
        null,
        condition,
        holdFor,
        Map.of("severity", "page"),
        null,
        null,
        List.of("service"),
        null,
        null);
  }

  @Test
  void aGroupedRuleHasOneInstancePerServiceEachWithItsOwnStateAndEvidence() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(byService("> 3", "0s")));
      assertThat(evaluator.alerts(0))
          .singleElement()
          .extracting(Alert::state)
          .isEqualTo(AlertState.INACTIVE);
      serviceLines("api", "error", 6, START.minusSeconds(10), "api failed");
      serviceLines("db", "error", 2, START.minusSeconds(10), "db slow");

      evaluateAt(evaluator, START);
      List<Alert> alerts = evaluator.alerts(START.toEpochMilli());
      assertThat(alerts)
          .extracting(alert -> alert.labels().get("service") + "=" + alert.state())
          .containsExactly("api=FIRING", "db=INACTIVE");
      Alert api = alerts.get(0);
      assertThat(api.labels())
          .containsEntry("alertname", "errors_by_service")
          .containsEntry("severity", "page");
      assertThat(api.group()).containsExactly(Map.entry("service", "api"));
      assertThat(api.evidence().lines()).hasSize(5).allMatch(line -> line.contains("api failed"));
      assertThat(api.evidence().exploreUrl()).contains("#q=level%3Aerror%20service%3A%3Dapi&from=");
      JsonNode firing = JSON.readTree(receiver.requests().get(0).body());
      assertThat(firing.at("/alerts")).hasSize(1);
      assertThat(firing.at("/alerts/0/labels/service").asText()).isEqualTo("api");

      // db gets worse while api stays: a second instance fires, api's state is untouched
      serviceLines("db", "error", 5, START.plusSeconds(20), "db slow");
      evaluateAt(evaluator, START.plusSeconds(30));
      assertThat(evaluator.alerts(0))
          .extracting(alert -> alert.labels().get("service") + "=" + alert.state())
          .containsExactly("api=FIRING", "db=FIRING");
      assertThat(receiver.requests()).hasSize(2);
      JsonNode second = JSON.readTree(receiver.requests().get(1).body());
      assertThat(second.at("/alerts")).hasSize(1);
      assertThat(second.at("/alerts/0/labels/service").asText()).isEqualTo("db");
      assertThat(second.at("/alerts/0/evidence/lines/0").asText()).contains("db slow");

      // both recover; resolved instances are listed until RESOLVED_RETENTION, then forgotten
      evaluateAt(evaluator, START.plusSeconds(120));
      assertThat(evaluator.alerts(0))
          .extracting(alert -> alert.labels().get("service") + "=" + alert.state())
          .containsExactly("api=RESOLVED", "db=RESOLVED");
      JsonNode resolved = JSON.readTree(receiver.requests().get(2).body());
      assertThat(resolved.at("/alerts")).hasSize(2);
      assertThat(resolved.get("status").asText()).isEqualTo("resolved");
      evaluateAt(evaluator, START.plusSeconds(120).plus(Duration.ofMinutes(15)));
      assertThat(evaluator.alerts(0))
          .singleElement()
          .satisfies(
              idle -> {
                assertThat(idle.state()).isEqualTo(AlertState.INACTIVE);
                assertThat(idle.group()).isEmpty();
              });
      assertThat(evaluator.history())
          .extracting(change -> change.labels().get("service") + ":" + change.to())
          .containsExactly(
              "api:PENDING",
              "api:FIRING",
              "db:PENDING",
              "db:FIRING",
              "api:RESOLVED",
              "db:RESOLVED");
    }
  }

  @Test
  void aGroupedRuleTracksNoMoreInstancesThanItsLimit() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      AlertRule limited =
          new AlertRule(
              "limited",
              "level:error",
              null,
              "1m",
              null,
              "> 0",
              "0s",
              null,
              null,
              null,
              List.of("service"),
              null,
              2);
      evaluator.setRules(List.of(limited));
      for (String service : List.of("a", "b", "c")) {
        serviceLines(service, "error", 1, START.minusSeconds(5), "failed");
      }
      evaluateAt(evaluator, START);
      assertThat(evaluator.alerts(0))
          .extracting(alert -> alert.labels().get("service"))
          .containsExactly("a", "b");
    }
  }

  @Test
  void anUnchangedRuleKeepsItsStateWhenRulesAreSetAgainAndAChangedOneStartsOver() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          evaluator(Receiver.parse("webhook=" + receiver.url("/hook")), Duration.ofMillis(1));
      evaluator.setRules(List.of(ERRORS));
      errorBurst(7, START.minusSeconds(5));
      evaluateAt(evaluator, START);
      evaluator.setRules(List.of(ERRORS, byService("> 100", "0s")));
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.PENDING);
      AlertRule changed =
          new AlertRule(
              "api_errors", "level:error", null, "1m", null, "> 4", "30s", null, null, null);
      evaluator.setRules(List.of(changed));
      assertThat(evaluator.alerts(0))
          .singleElement()
          .extracting(Alert::state)
          .isEqualTo(AlertState.INACTIVE);
    }
  }

  @Test
  void aNewPatternFiresOnceWithItsIdAndTemplateAndResolvesWhenNoLongerNew() throws Exception {
    PatternRegistry registry =
        PatternRegistry.inMemory(
            PatternConfig.defaults().withNewPatternWarmup(Duration.ofMinutes(10)), clock);
    IngestPipeline pipeline =
        new IngestPipeline(List.of(new PatternStage(registry)), storage::append);
    StorageAlertSource withPatterns =
        new StorageAlertSource(
            storage,
            new QueryExecutor(pool, 1, clock.withZone(ZoneOffset.UTC)).withPatternNames(registry),
            metrics,
            registry);
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      Notifier notifier =
          new Notifier(
              new Notifier.Settings(
                  List.of(Receiver.parse("webhook=" + receiver.url("/hook"))),
                  List.of("alertname"),
                  Duration.ZERO,
                  Duration.ZERO,
                  5,
                  Duration.ofMillis(1),
                  "http://loupe"));
      AlertEvaluator evaluator = new AlertEvaluator(data, withPatterns, notifier, "http://loupe");
      AlertRule rule =
          new AlertRule(
              "new_errors",
              "level:error",
              null,
              "5m",
              "new_pattern",
              null,
              null,
              Map.of("severity", "ticket"),
              Map.of("summary", "a new kind of error"),
              null);
      evaluator.setRules(List.of(rule));

      // inside the 10-minute warm-up of the registry: a first-seen pattern is not news
      pipeline.accept(patterned(START.plusSeconds(60), "error", 3, "cache miss for key k"));
      evaluateAt(evaluator, START.plusSeconds(90));
      assertThat(evaluator.alerts(0))
          .singleElement()
          .extracting(Alert::state)
          .isEqualTo(AlertState.INACTIVE);

      Instant later = START.plus(Duration.ofMinutes(15));
      pipeline.accept(patterned(later, "error", 4, "disk sda is 91 percent full on host h"));
      pipeline.accept(patterned(later, "error", 2, "cache miss for key k"));
      pipeline.accept(patterned(later, "info", 2, "user u logged in from 10.0.0.1"));
      evaluateAt(evaluator, later.plusSeconds(30));

      Alert alert = evaluator.alerts(0).get(0);
      assertThat(evaluator.alerts(0)).hasSize(1); // info lines are out of the rule's query
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.value()).isEqualTo(4.0);
      String id = alert.labels().get("pattern");
      assertThat(registry.template(id)).isEqualTo(alert.annotations().get("template"));
      assertThat(alert.annotations().get("template")).startsWith("disk");
      assertThat(alert.annotations())
          .containsEntry("summary", "a new kind of error")
          .containsEntry("first_seen", "2026-11-22T10:15:00Z");
      assertThat(alert.group()).containsExactly(Map.entry("_pattern", id));
      assertThat(alert.evidence().lines()).hasSize(4).allMatch(line -> line.contains("disk sda"));
      assertThat(alert.evidence().patterns())
          .containsExactly(new Alert.PatternCount(id, registry.template(id), 4));
      JsonNode body = JSON.readTree(receiver.requests().get(0).body());
      assertThat(body.at("/alerts/0/labels/pattern").asText()).isEqualTo(id);
      assertThat(body.at("/alerts/0/evidence/patterns/0/count").asLong()).isEqualTo(4);

      evaluateAt(evaluator, later.plus(Duration.ofMinutes(6))); // first seen 6 min ago: not new
      assertThat(evaluator.alerts(0).get(0).state()).isEqualTo(AlertState.RESOLVED);
      assertThat(JSON.readTree(receiver.requests().get(1).body()).at("/alerts/0/status").asText())
          .isEqualTo("resolved");
    }
  }

  @Test
  void evidenceCarriesTheTopPatternsOfTheMatchingLinesWithCounts() {
    PatternRegistry registry = PatternRegistry.inMemory(PatternConfig.defaults(), clock);
    IngestPipeline pipeline =
        new IngestPipeline(List.of(new PatternStage(registry)), storage::append);
    StorageAlertSource withPatterns =
        new StorageAlertSource(
            storage, new QueryExecutor(pool, 1, clock.withZone(ZoneOffset.UTC)), metrics, registry);
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      AlertEvaluator evaluator =
          new AlertEvaluator(
              data,
              withPatterns,
              new Notifier(
                  new Notifier.Settings(
                      List.of(Receiver.parse("slack=" + receiver.url("/slack"))),
                      List.of("alertname"),
                      Duration.ZERO,
                      Duration.ZERO,
                      5,
                      Duration.ofMillis(1),
                      "http://loupe")),
              "http://loupe");
      evaluator.setRules(List.of(ERRORS));
      pipeline.accept(patterned(START.minusSeconds(20), "error", 5, "payment 42 declined by bank"));
      pipeline.accept(patterned(START.minusSeconds(10), "error", 2, "timeout after 3000 ms"));
      pipeline.accept(patterned(START.minusSeconds(10), "info", 9, "user u logged in"));
      evaluateAt(evaluator, START);
      evaluateAt(evaluator, START.plusSeconds(30));

      Alert alert = evaluator.alerts(0).get(0);
      assertThat(alert.evidence().patterns())
          .extracting(Alert.PatternCount::template, Alert.PatternCount::count)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  registry.template(alert.evidence().patterns().get(0).id()), 5L),
              org.assertj.core.groups.Tuple.tuple(
                  registry.template(alert.evidence().patterns().get(1).id()), 2L));
      assertThat(alert.evidence().patterns().get(0).template()).contains("declined by bank");
      assertThat(alert.evidence().patterns().get(1).template()).contains("timeout after");
      assertThat(receiver.requests().get(0).body())
          .contains("Top patterns")
          .contains("5× `")
          .contains("declined by bank");
    }
  }

  private static List<LogRecord> patterned(Instant at, String level, int count, String message) {
    List<LogRecord> batch = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      batch.add(
          new LogRecord(
              API,
              (at.toEpochMilli() + index) * 1_000_000L,
              message,
              List.of(new Field("level", level))));
    }
    return batch;
  }
}
