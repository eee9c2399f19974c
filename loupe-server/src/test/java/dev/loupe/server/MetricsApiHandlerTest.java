package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.metrics.BuiltInRules;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics API and /metrics against a real server; windows driven by a manual clock. */
class MetricsApiHandlerTest {
  private static final Instant WINDOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private final ManualClock clock = new ManualClock(WINDOW.plusSeconds(1));
  private final HttpClient client = HttpClient.newHttpClient();

  private LoupeServer start() {
    StorageConfig storage =
        StorageConfig.defaults(data).withMinFreeDiskBytes(0).withFlushInterval(Duration.ofHours(1));
    return LoupeServer.start(
        new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2), clock);
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

  private static String lines(int count, String level, String service, int second) {
    StringBuilder body = new StringBuilder();
    for (int index = 0; index < count; index++) {
      body.append("{\"_time\":\"")
          .append(WINDOW.plusSeconds(second).plusMillis(index))
          .append("\",\"_msg\":\"GET /x\",\"level\":\"")
          .append(level)
          .append("\",\"service\":\"")
          .append(service)
          .append("\",\"method\":\"GET\",\"status\":\"200\"}\n");
    }
    return body.toString();
  }

  @Test
  void builtInRulesCountIngestAndServeRangesAndPrometheusText() throws Exception {
    try (LoupeServer server = start()) {
      assertThat(send(server, "POST", "/api/v1/ingest", lines(3, "error", "api", 1)).statusCode())
          .isEqualTo(200);
      assertThat(send(server, "POST", "/api/v1/ingest", lines(2, "info", "web", 2)).statusCode())
          .isEqualTo(200);
      clock.set(WINDOW.plusSeconds(16));
      server.metricEngine().sync();

      JsonNode errors =
          JSON.readTree(
              send(
                      server,
                      "GET",
                      "/api/v1/metrics/query_range?name="
                          + BuiltInRules.ERRORS_BY_SERVICE
                          + "&start=2026-11-22T11:59:00Z&end=2026-11-22T12:01:00Z&step=1m",
                      null)
                  .body());
      assertThat(errors.at("/series/0/labels/service").asText()).isEqualTo("api");
      assertThat(errors.at("/series/0/values/0/1").asDouble()).isEqualTo(3.0);
      assertThat(errors.at("/series/0/values/0/0").asLong()).isEqualTo(WINDOW.toEpochMilli());

      JsonNode requests =
          JSON.readTree(
              send(
                      server,
                      "GET",
                      "/api/v1/metrics/query_range?name="
                          + BuiltInRules.HTTP_REQUESTS
                          + "&start=2026-11-22T11:59:00Z&end=2026-11-22T12:01:00Z&by=method",
                      null)
                  .body());
      assertThat(requests.at("/series/0/labels").toString()).isEqualTo("{\"method\":\"GET\"}");
      assertThat(requests.at("/series/0/values/0/1").asDouble()).isEqualTo(5.0);
      // the window after 12:00:10 is still open: a chart stops there
      assertThat(requests.get("closedThrough").asLong())
          .isEqualTo(WINDOW.plusSeconds(10).toEpochMilli());

      HttpResponse<String> notALabel =
          send(
              server,
              "GET",
              "/api/v1/metrics/query_range?name=" + BuiltInRules.HTTP_REQUESTS + "&by=host",
              null);
      assertThat(notALabel.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(notALabel.body()).at("/error/message").asText())
          .isEqualTo(
              "by host is not a label of metric rule loupe_http_requests, which groups by"
                  + " [method, status]; give some of those, or none to add every group into one"
                  + " series");
      assertThat(send(server, "GET", "/api/v1/query?query=level:error&start=1h", null).statusCode())
          .isEqualTo(200);

      String prometheus = send(server, "GET", "/metrics", null).body();
      assertThat(prometheus)
          .contains("loupe_ingest_requests_total")
          .contains("# TYPE loupe_rule_loupe_lines_by_level gauge")
          .contains(
              "loupe_rule_loupe_lines_by_level{level=\"error\",service=\"api\"} 3 "
                  + WINDOW.plusSeconds(10).toEpochMilli())
          .contains("loupe_metrics_late_records_total 0")
          .contains("loupe_wal_fsync_seconds_count ")
          .doesNotContain("loupe_wal_fsync_seconds_count 0\n")
          .contains("loupe_jvm_heap_used_bytes")
          .contains("# TYPE loupe_query_duration_seconds histogram")
          .contains("loupe_query_duration_seconds_bucket{le=\"+Inf\"} 1\n")
          .contains("loupe_query_duration_seconds_count 1\n");
    }
  }

  @Test
  void rulesAreCreatedReplacedAndDeletedThroughTheApi() throws Exception {
    try (LoupeServer server = start()) {
      String yaml = "rules:\n  - name: slow\n    query: 'level:warn'\n    by: [service]\n";
      HttpResponse<String> created = send(server, "POST", "/api/v1/metrics/rules", yaml);
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(created.body()).contains("\"name\":\"slow\"").contains("\"source\":\"api\"");

      HttpResponse<String> bad =
          send(server, "POST", "/api/v1/metrics/rules", "{\"name\":\"x\",\"window\":\"10q\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("bad duration");

      HttpResponse<String> replaced =
          send(
              server, "PUT", "/api/v1/metrics/rules/slow", "{\"name\":\"slow\",\"window\":\"1m\"}");
      assertThat(replaced.body()).contains("\"window\":\"1m\"");
      assertThat(server.metricEngine().rule("slow").window()).isEqualTo("1m");

      // PUT names the rule by its URL; the rules as listed can be posted back as they are
      HttpResponse<String> unnamed =
          send(server, "PUT", "/api/v1/metrics/rules/slow", "{\"window\":\"30s\"}");
      assertThat(unnamed.statusCode()).isEqualTo(200);
      assertThat(server.metricEngine().rule("slow").window()).isEqualTo("30s");
      String listed = send(server, "GET", "/api/v1/metrics/rules", null).body();
      HttpResponse<String> postedBack = send(server, "POST", "/api/v1/metrics/rules", listed);
      assertThat(postedBack.statusCode()).isEqualTo(200);
      HttpResponse<String> typo =
          send(server, "POST", "/api/v1/metrics/rules", "{\"name\":\"x\",\"windw\":\"10s\"}");
      assertThat(JSON.readTree(typo.body()).at("/error/message").asText())
          .isEqualTo(
              "request body: rule 1 (x): unknown key 'windw'; the keys are [name, query,"
                  + " aggregation, field, by, window, tenant, description]");

      assertThat(send(server, "DELETE", "/api/v1/metrics/rules/slow", null).statusCode())
          .isEqualTo(204);
      assertThat(send(server, "DELETE", "/api/v1/metrics/rules/slow", null).statusCode())
          .isEqualTo(404);
      assertThat(send(server, "GET", "/api/v1/metrics/query_range?name=slow", null).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void aWindowOpenAtShutdownCountsEveryRecordOnceAfterTheRestart() throws Exception {
    try (LoupeServer server = start()) {
      send(server, "POST", "/api/v1/ingest", lines(4, "error", "api", 1));
    }
    try (LoupeServer server = start()) {
      send(server, "POST", "/api/v1/ingest", lines(3, "error", "api", 5));
      clock.set(WINDOW.plusSeconds(30));
      server.metricEngine().sync();
      JsonNode errors =
          JSON.readTree(
              send(
                      server,
                      "GET",
                      "/api/v1/metrics/query_range?name="
                          + BuiltInRules.ERRORS_BY_SERVICE
                          + "&start=2026-11-22T12:00:00Z&end=2026-11-22T12:01:00Z",
                      null)
                  .body());
      assertThat(errors.at("/series/0/values").toString())
          .isEqualTo("[[" + WINDOW.toEpochMilli() + ",7.0]]");
    }
    assertThat(
            new String(
                java.nio.file.Files.readAllBytes(
                    data.resolve("metrics").resolve("points-20261122.lpm")),
                StandardCharsets.ISO_8859_1))
        .startsWith("LPMETRIC");
  }

  @Test
  void aChangedRulesFileAppliesWithoutARestart() throws Exception {
    Path file = data.resolve("rules.yaml");
    java.nio.file.Files.writeString(file, "rules:\n  - name: from_file\n    query: error\n");
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    try (LoupeServer server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2)
                .withAnalytics(AnalyticsConfig.defaults().withMetricsRulesFile(file)),
            clock)) {
      assertThat(send(server, "GET", "/api/v1/metrics/rules", null).body())
          .contains("\"name\":\"from_file\",\"query\":\"error\"")
          .contains("\"source\":\"file\"");
      java.nio.file.Files.writeString(
          file, "rules:\n  - name: from_file\n    query: warn\n  - name: second\n");
      java.nio.file.Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
      // The watcher polls every 2 s: wait for it (bounded), then check what it applied.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (server.metricEngine().rule("second") == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(server.metricEngine().rule("second")).isNotNull();
      assertThat(server.metricEngine().rule("from_file").query()).isEqualTo("warn");
      assertThat(send(server, "DELETE", "/api/v1/metrics/rules/from_file", null).body())
          .contains("rules file");

      java.nio.file.Files.writeString(file, "rules:\n  - name: from_file\n    window: soon\n");
      java.nio.file.Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.from(Instant.parse("2030-01-02T00:00:00Z")));
      assertThat(server.metricRules().reloadIfChanged()).isFalse();
      JsonNode listed = JSON.readTree(send(server, "GET", "/api/v1/metrics/rules", null).body());
      assertThat(listed.at("/file/path").asText()).isEqualTo(file.toString());
      assertThat(listed.at("/file/error").asText()).contains("bad duration 'soon'");
      assertThat(server.metricEngine().rule("from_file").query()).isEqualTo("warn");
    }
  }
}
