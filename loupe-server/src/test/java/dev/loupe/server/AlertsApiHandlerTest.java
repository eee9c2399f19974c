package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on a real server: an error burst ingested over HTTP fires an alert made through the API, a
 * webhook on loopback gets it with evidence, and recovery resolves it; a new kind of line fires a
 * {@code new_pattern} rule after the warm-up; a grouped rule alerts per service; rules come from a
 * file re-read when it changes; rules are validated without being kept. (The same burst from {@code
 * loupe simulate} is in loupe-cli's {@code SimulationAlertsTest}.)
 */
class AlertsApiHandlerTest {
  private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path configDirectory;

  private final ManualClock clock = new ManualClock(START);
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private LoupeServer start() {
    return start(config -> config);
  }

  private LoupeServer start(java.util.function.UnaryOperator<ServerConfig> adjust) {
    StorageConfig storage =
        StorageConfig.defaults(data).withMinFreeDiskBytes(0).withFlushInterval(Duration.ofHours(1));
    AnalyticsConfig analytics =
        AnalyticsConfig.defaults()
            .withReceivers(
                List.of("webhook=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                "http://loupe.test")
            .withGrouping(Duration.ZERO, Duration.ZERO);
    return LoupeServer.start(
        adjust.apply(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2)
                .withAnalytics(analytics.withAlertInterval(Duration.ofHours(1)))),
        clock);
  }

  private HttpResponse<String> send(LoupeServer server, String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException failure) {
      throw new IllegalStateException(failure);
    }
  }

  private void evaluateAt(LoupeServer server, Instant at) {
    clock.set(at);
    server.alertEvaluator().evaluate(at.toEpochMilli());
  }

  @Test
  void anErrorBurstFiresTheAlertAndRecoveryResolvesIt() throws Exception {
    try (LoupeServer server = start()) {
      String rule =
          "name: checkout_errors\nquery: 'service:checkout level:error'\nrange: 1m\n"
              + "condition: '> 5'\nfor: 20s\nlabels: {team: payments}\n"
              + "annotations: {summary: checkout errors}\n";
      assertThat(send(server, "POST", "/api/v1/alerts/rules", rule).statusCode()).isEqualTo(200);
      StringBuilder burst = new StringBuilder();
      for (int index = 0; index < 20; index++) {
        burst
            .append("{\"_time\":\"")
            .append(START.minusSeconds(20).plusMillis(index))
            .append("\",\"_msg\":\"card declined ")
            .append(index)
            .append("\",\"service\":\"checkout\",\"level\":\"error\"}\n");
      }
      burst
          .append("{\"_time\":\"")
          .append(START.minusSeconds(19))
          .append("\",\"_msg\":\"ok\",\"service\":\"checkout\",\"level\":\"info\"}\n");
      assertThat(send(server, "POST", "/api/v1/ingest", burst.toString()).statusCode())
          .isEqualTo(200);

      evaluateAt(server, START);
      JsonNode pending = JSON.readTree(send(server, "GET", "/api/v1/alerts", null).body());
      assertThat(pending.at("/alerts/0/state").asText()).isEqualTo("PENDING");
      assertThat(pending.at("/alerts/0/value").asDouble()).isEqualTo(20.0);

      evaluateAt(server, START.plusSeconds(20));
      assertThat(received).hasSize(1);
      JsonNode firing = JSON.readTree(received.get(0));
      assertThat(firing.at("/alerts/0/status").asText()).isEqualTo("firing");
      assertThat(firing.at("/alerts/0/labels/team").asText()).isEqualTo("payments");
      assertThat(firing.at("/alerts/0/evidence/lines/0").asText()).endsWith("card declined 19");
      assertThat(firing.at("/alerts/0/evidence/exploreUrl").asText())
          .startsWith("http://loupe.test/#q=service%3Acheckout%20level%3Aerror&from=");

      evaluateAt(server, START.plusSeconds(120)); // recovery: no errors in the last minute
      assertThat(received).hasSize(2);
      assertThat(JSON.readTree(received.get(1)).at("/alerts/0/status").asText())
          .isEqualTo("resolved");
      JsonNode after = JSON.readTree(send(server, "GET", "/api/v1/alerts", null).body());
      assertThat(after.at("/alerts/0/state").asText()).isEqualTo("RESOLVED");
      assertThat(after.get("history")).hasSize(3);
    }
  }

  @Test
  void withoutAnExternalUrlLinksNameTheAddressTheServerListensOnPortZerosToo() throws Exception {
    String hook = "webhook=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (LoupeServer server =
        start(
            config ->
                config.withAnalytics(config.analytics().withReceivers(List.of(hook), null)))) {
      String rule = "name: any_error\nquery: 'level:error'\nrange: 1m\ncondition: '> 0'\n";
      assertThat(send(server, "POST", "/api/v1/alerts/rules", rule).statusCode()).isEqualTo(200);
      assertThat(
              send(server, "POST", "/api/v1/ingest", line(START, "api", "error", "boom"))
                  .statusCode())
          .isEqualTo(200);
      evaluateAt(server, START.plusSeconds(1));
      assertThat(received).hasSize(1);
      assertThat(JSON.readTree(received.get(0)).at("/alerts/0/evidence/exploreUrl").asText())
          .startsWith("http://127.0.0.1:" + server.port() + "/#q=level%3Aerror&from=");
      assertThat(JSON.readTree(received.get(0)).get("externalURL").asText())
          .isEqualTo("http://127.0.0.1:" + server.port());
    }
  }

  @Test
  void silencesAndRulesThroughTheApi() throws Exception {
    try (LoupeServer server = start()) {
      HttpResponse<String> bad =
          send(
              server,
              "POST",
              "/api/v1/alerts/rules",
              "{\"name\":\"x\",\"query\":\"a\",\"condition\":\"about 5\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("must look like '> 10'");

      HttpResponse<String> created =
          send(
              server,
              "POST",
              "/api/v1/silences",
              "{\"matchers\":{\"alertname\":\"x\"},\"endsAt\":\"2026-11-22T13:00:00Z\",\"comment\":\"deploy\"}");
      assertThat(created.statusCode()).isEqualTo(200);
      String id = JSON.readTree(created.body()).get("id").asText();
      assertThat(send(server, "GET", "/api/v1/silences", null).body())
          .contains(id)
          .contains("deploy");
      assertThat(send(server, "DELETE", "/api/v1/silences/" + id, null).statusCode())
          .isEqualTo(204);
      assertThat(send(server, "DELETE", "/api/v1/silences/" + id, null).statusCode())
          .isEqualTo(404);
      assertThat(send(server, "POST", "/api/v1/silences", "{\"matchers\":{\"a\":\"b\"}}").body())
          .contains("endsAt");

      // a duration is how long from now; the answer and the list give endsAt as RFC 3339
      HttpResponse<String> forTwoHours =
          send(
              server,
              "POST",
              "/api/v1/silences",
              "{\"matchers\":{\"alertname\":\"x\"},\"endsAt\":\"2h\"}");
      assertThat(forTwoHours.statusCode()).isEqualTo(200);
      JsonNode silence = JSON.readTree(forTwoHours.body());
      assertThat(silence.get("endsAt").asText())
          .isEqualTo(clock.instant().plus(Duration.ofHours(2)).toString());
      JsonNode listed = JSON.readTree(send(server, "GET", "/api/v1/silences", null).body());
      assertThat(listed.at("/silences/0/endsAt").asText())
          .isEqualTo(silence.get("endsAt").asText());
      HttpResponse<String> past =
          send(
              server,
              "POST",
              "/api/v1/silences",
              "{\"matchers\":{\"alertname\":\"x\"},\"endsAt\":\"2020-01-01T00:00:00Z\"}");
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(past.body()).at("/error/message").asText())
          .startsWith("endsAt 2020-01-01T00:00:00Z is not in the future");
      assertThat(
              send(
                      server,
                      "POST",
                      "/api/v1/silences",
                      "{\"matchers\":{\"alertname\":\"x\"},\"endsAt\":\"tomorrow\"}")
                  .body())
          .contains("how long from now (30m, 2h, 1d)");
    }
  }

  private static String line(Instant at, String service, String level, String message) {
    return "{\"_time\":\""
        + at
        + "\",\"_msg\":\""
        + message
        + "\",\"service\":\""
        + service
        + "\",\"level\":\""
        + level
        + "\"}\n";
  }

  @Test
  void aNewKindOfLineFiresANewPatternRuleOnceTheWarmUpIsOver() throws Exception {
    try (LoupeServer server =
        start(
            config ->
                config.withPatterns(
                    PatternConfig.defaults().withNewPatternWarmup(Duration.ofMinutes(10))))) {
      String rule =
          "name: new_errors\nkind: new_pattern\nquery: 'level:error'\nrange: 5m\n"
              + "labels: {severity: ticket}\n";
      assertThat(send(server, "POST", "/api/v1/alerts/rules", rule).statusCode()).isEqualTo(200);
      StringBuilder known = new StringBuilder();
      for (int index = 0; index < 5; index++) {
        known.append(
            line(
                START.plusSeconds(60 + index),
                "api",
                "error",
                "upstream 10.0.0." + index + " refused"));
      }
      assertThat(send(server, "POST", "/api/v1/ingest", known.toString()).statusCode())
          .isEqualTo(200);
      evaluateAt(server, START.plusSeconds(90)); // first seen inside the 10-minute warm-up
      assertThat(received).isEmpty();

      Instant later = START.plus(Duration.ofMinutes(20));
      StringBuilder news = new StringBuilder();
      for (int index = 0; index < 3; index++) {
        news.append(
            line(
                later.plusMillis(index),
                "billing",
                "error",
                "ledger " + index + " out of balance"));
        news.append(line(later.plusMillis(index), "api", "error", "upstream 10.0.1.9 refused"));
      }
      news.append(line(later, "billing", "info", "ledger closed for the day"));
      clock.set(later);
      assertThat(send(server, "POST", "/api/v1/ingest", news.toString()).statusCode())
          .isEqualTo(200);
      evaluateAt(server, later.plusSeconds(15));

      assertThat(received).hasSize(1);
      JsonNode alert = JSON.readTree(received.get(0)).at("/alerts/0");
      assertThat(JSON.readTree(received.get(0)).at("/alerts")).hasSize(1);
      String id = alert.at("/labels/pattern").asText();
      assertThat(id).isNotBlank();
      assertThat(alert.at("/labels/alertname").asText()).isEqualTo("new_errors");
      assertThat(alert.at("/labels/severity").asText()).isEqualTo("ticket");
      assertThat(alert.at("/annotations/template").asText()).isEqualTo("ledger <*> out of balance");
      assertThat(alert.at("/value").asDouble()).isEqualTo(3.0);
      assertThat(alert.at("/evidence/lines")).hasSize(3);
      assertThat(alert.at("/evidence/lines/0").asText()).endsWith("ledger 2 out of balance");
      assertThat(alert.at("/evidence/patterns/0/id").asText()).isEqualTo(id);
      assertThat(alert.at("/evidence/patterns/0/count").asLong()).isEqualTo(3);
      assertThat(alert.at("/evidence/exploreUrl").asText())
          .contains("#q=level%3Aerror%20_pattern%3A%3D" + id + "&from=");
      // the pattern is the one the patterns API reports as new over the same range
      JsonNode patterns =
          JSON.readTree(
              send(
                      server,
                      "GET",
                      "/api/v1/patterns?query=level:error&start="
                          + later.minusSeconds(285)
                          + "&end="
                          + later.plusSeconds(16),
                      null)
                  .body());
      List<String> newIds = new java.util.ArrayList<>();
      patterns
          .get("patterns")
          .forEach(
              row -> {
                if (row.get("new").asBoolean()) {
                  newIds.add(row.get("id").asText());
                }
              });
      assertThat(newIds).containsExactly(id);

      evaluateAt(server, later.plus(Duration.ofMinutes(6))); // no longer new: resolved
      assertThat(received).hasSize(2);
      assertThat(JSON.readTree(received.get(1)).at("/alerts/0/status").asText())
          .isEqualTo("resolved");
    }
  }

  @Test
  void aGroupedRuleAlertsPerServiceWithEvidenceOfThatServiceOnly() throws Exception {
    try (LoupeServer server = start(config -> config.withPatterns(PatternConfig.defaults()))) {
      String rule =
          "name: errors_by_service\nquery: 'level:error'\nrange: 1m\ncondition: '> 3'\n"
              + "by: [service]\n";
      assertThat(send(server, "POST", "/api/v1/alerts/rules", rule).statusCode()).isEqualTo(200);
      StringBuilder lines = new StringBuilder();
      for (int index = 0; index < 6; index++) {
        lines.append(
            line(START.minusSeconds(10).plusMillis(index), "cart", "error", "cart lost " + index));
        lines.append(
            line(START.minusSeconds(10).plusMillis(index), "search", "info", "query " + index));
      }
      lines.append(line(START.minusSeconds(5), "search", "error", "index stale"));
      assertThat(send(server, "POST", "/api/v1/ingest", lines.toString()).statusCode())
          .isEqualTo(200);
      evaluateAt(server, START);

      JsonNode listed = JSON.readTree(send(server, "GET", "/api/v1/alerts", null).body());
      assertThat(listed.get("alerts")).hasSize(2);
      assertThat(listed.at("/alerts/0/labels/service").asText()).isEqualTo("cart");
      assertThat(listed.at("/alerts/0/state").asText()).isEqualTo("FIRING");
      assertThat(listed.at("/alerts/0/group/service").asText()).isEqualTo("cart");
      assertThat(listed.at("/alerts/1/labels/service").asText()).isEqualTo("search");
      assertThat(listed.at("/alerts/1/state").asText()).isEqualTo("INACTIVE");
      JsonNode firing = JSON.readTree(received.get(0)).at("/alerts/0");
      assertThat(firing.at("/evidence/lines")).hasSize(5);
      firing.at("/evidence/lines").forEach(line -> assertThat(line.asText()).contains("cart lost"));
      assertThat(firing.at("/evidence/patterns/0/template").asText()).isEqualTo("cart lost <*>");
      assertThat(firing.at("/evidence/patterns/0/count").asLong()).isEqualTo(6);
      assertThat(firing.at("/evidence/exploreUrl").asText())
          .contains("#q=level%3Aerror%20service%3A%3Dcart&");
      assertThat(listed.at("/history/0/labels/service").asText()).isEqualTo("cart");
    }
  }

  @Test
  void rulesFromAFileAreReReadWhenItChangesAndABadFileKeepsTheRulesInForce() throws Exception {
    Path file = configDirectory.resolve("alerts.yaml");
    Files.writeString(
        file, "rules:\n  - {name: from_file, query: 'level:error', condition: '> 5'}\n");
    try (LoupeServer server =
        start(config -> config.withAnalytics(config.analytics().withAlertRulesFile(file)))) {
      send(server, "POST", "/api/v1/alerts/rules", "{name: from_api, query: x, condition: '> 1'}");
      JsonNode rules = JSON.readTree(send(server, "GET", "/api/v1/alerts/rules", null).body());
      assertThat(rules.get("rules"))
          .extracting(rule -> rule.get("name").asText() + ":" + rule.get("source").asText())
          .containsExactly("from_api:api", "from_file:file");
      HttpResponse<String> refused = send(server, "DELETE", "/api/v1/alerts/rules/from_file", null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("comes from the rules file").contains("remove it there");

      Files.writeString(
          file,
          "rules:\n  - {name: from_file, query: 'level:error', condition: '> 50', by: [host]}\n");
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
      assertThat(server.alertRules().reloadIfChanged()).isTrue();
      assertThat(send(server, "GET", "/api/v1/alerts/rules", null).body())
          .contains("\"condition\":\"> 50\"")
          .contains("\"by\":[\"host\"]");

      Files.writeString(file, "rules:\n  - {name: from_file, query: 'level:error'\n");
      Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
      assertThat(server.alertRules().reloadIfChanged()).isFalse();
      JsonNode kept = JSON.readTree(send(server, "GET", "/api/v1/alerts/rules", null).body());
      assertThat(kept.toString()).contains("> 50");
      // the listing says the file was not applied, and why, not only the server's log
      assertThat(kept.at("/file/path").asText()).isEqualTo(file.toString());
      assertThat(kept.at("/file/error").asText()).startsWith(file.toString());

      Files.writeString(
          file, "rules:\n  - {name: from_file, query: 'level:error', condition: '> 7'}\n");
      Files.setLastModifiedTime(file, FileTime.fromMillis(3_000_000));
      assertThat(server.alertRules().reloadIfChanged()).isTrue();
      JsonNode fixed = JSON.readTree(send(server, "GET", "/api/v1/alerts/rules", null).body());
      assertThat(fixed.at("/file/path").asText()).isEqualTo(file.toString());
      assertThat(fixed.at("/file/error").isMissingNode()).isTrue();
    }
  }

  @Test
  void validateChecksRulesWithoutKeepingThem() throws Exception {
    try (LoupeServer server = start()) {
      HttpResponse<String> valid =
          send(
              server,
              "POST",
              "/api/v1/alerts/rules/validate",
              "rules:\n  - {name: a, query: x, condition: '> 1'}\n"
                  + "  - {name: b, metric: loupe_errors_by_service, by: [service], condition: '> 1'}\n");
      assertThat(valid.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(valid.body()).get("rules")).hasSize(2);
      assertThat(
              JSON.readTree(send(server, "GET", "/api/v1/alerts/rules", null).body()).get("rules"))
          .isEmpty();

      HttpResponse<String> noMining =
          send(
              server,
              "POST",
              "/api/v1/alerts/rules/validate",
              "{name: p, kind: new_pattern, query: 'level:error'}");
      assertThat(noMining.statusCode()).isEqualTo(400);
      assertThat(noMining.body()).contains("kind new_pattern needs pattern mining, which is off");
      HttpResponse<String> typo =
          send(
              server,
              "POST",
              "/api/v1/alerts/rules/validate",
              "rules:\n  - {name: t, query: x, treshold: 5}\n");
      assertThat(typo.body()).contains("request body: rule 1 (t): unknown key 'treshold'");
    }
  }
}
