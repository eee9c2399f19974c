package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error burst ingested over HTTP fires an alert made through the API, a webhook on loopback gets
 * it with evidence, and recovery resolves it. (The burst is ingested here: {@code loupe simulate}
 * has not landed.)
 */
class AlertsApiHandlerTest {
  private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

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
    StorageConfig storage =
        StorageConfig.defaults(data).withMinFreeDiskBytes(0).withFlushInterval(Duration.ofHours(1));
    AnalyticsConfig analytics =
        AnalyticsConfig.defaults()
            .withReceivers(
                List.of("webhook=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                "http://loupe.test")
            .withGrouping(Duration.ZERO, Duration.ZERO);
    return LoupeServer.start(
        new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2)
            .withAnalytics(analytics),
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
    }
  }
}
