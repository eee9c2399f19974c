package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP output against a real Loupe server on a loopback port, and against a flaky one. */
class OutputHttpTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private LoupeServer loupe;
  private HttpServer flaky;
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (loupe != null) {
      loupe.close();
    }
    if (flaky != null) {
      flaky.stop(0);
    }
  }

  @Test
  void everyLineIsQueryableInLoupe() throws Exception {
    loupe =
        LoupeServer.start(
            new ServerConfig(
                "127.0.0.1",
                0,
                StorageConfig.defaults(directory).withMinFreeDiskBytes(0),
                IngestLimits.defaults(),
                2),
            CLOCK);
    String server = "http://127.0.0.1:" + loupe.port();
    SimulationSettings settings =
        SimulationSettings.defaults(List.of(server, "-"))
            .withFrom(Simulated.START)
            .withPace(0, 1, false)
            .withLimits(null, 5_000)
            .withSending(700, Duration.ofSeconds(1), 2, 2, 8_192);
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    Simulation.Report report =
        new Simulation(settings, CLOCK)
            .run(stdout, new PrintStream(summary, true, StandardCharsets.UTF_8), total -> quiet());

    assertThat(summary.toString(StandardCharsets.UTF_8))
        .contains(
            server
                + "/api/v1/ingest?_stream_fields=service%2Chost%2Csource: 5,000 lines accepted, 0 rejected in 8 requests");
    String range = "&start=2026-11-21T09:00:00Z&end=2026-11-21T11:00:00Z";
    assertThat(hits("*", range)).isEqualTo(5_000);
    assertThat(hits("source:access", range)).isEqualTo(report.linesBySource().get("access"));
    assertThat(hits("source:syslog", range)).isEqualTo(report.linesBySource().get("syslog"));
    assertThat(hits("_stream:{service=\"gateway\",host=\"edge-01\",source=\"app\"}", range))
        .isPositive();

    // a request's lines, found again by its trace id, span services
    JsonNode gatewayLine = null;
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode record = JSON.readTree(line);
      if (record.get("service").asText().equals("gateway")
          && record.get("path").asText().startsWith("/api/products/")
          && record.get("status").asInt() == 200) {
        gatewayLine = record;
        break;
      }
    }
    assertThat(gatewayLine).isNotNull();
    List<JsonNode> traced = rows("trace_id:" + gatewayLine.get("trace_id").asText(), range);
    assertThat(traced)
        .extracting(row -> row.get("service").asText())
        .contains("gateway", "catalog", "inventory");
    assertThat(traced).allMatch(row -> !row.has("template") && !row.has("EventId"));
  }

  @Test
  void failedBatchesAreRetriedAndRejectionsCounted() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    List<Integer> linesReceived = new ArrayList<>();
    flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext(
        "/api/v1/ingest",
        exchange -> {
          int request = requests.incrementAndGet();
          int lines = countLines(exchange.getRequestBody());
          String body;
          int status;
          if (request <= 2) {
            status = 503;
            body = "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"restarting\"}}";
          } else if (request == 3) {
            status = 400;
            body =
                "{\"accepted\":0,\"rejected\":"
                    + lines
                    + ",\"errors\":[{\"line\":1,\"reason\":\"bad line\"}]}";
          } else {
            status = 200;
            body = "{\"accepted\":" + lines + ",\"rejected\":0,\"errors\":[]}";
            synchronized (linesReceived) {
              linesReceived.add(lines);
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    flaky.start();
    OutputHttp output =
        new OutputHttp(
            URI.create("http://127.0.0.1:" + flaky.getAddress().getPort()),
            new OutputHttp.Settings(100, 1_000_000_000L, 3, 1_000_000L, 1));

    for (Line line : Simulated.lines(5, 500)) {
      output.write(line);
    }
    output.close();

    // the first batch: two 503s, then a 400 rejecting it; the four others accepted
    assertThat(output.rejected()).isEqualTo(100);
    assertThat(output.accepted()).isEqualTo(400);
    assertThat(linesReceived).containsExactly(100, 100, 100, 100);
    assertThat(output.summary())
        .contains("400 lines accepted, 100 rejected in 7 requests (2 retried)")
        .contains("rejected: bad line");
  }

  @Test
  void aServerThatNeverRecoversStopsTheRunWithTheLastError() throws Exception {
    flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext(
        "/api/v1/ingest",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] bytes = "{\"error\":{\"message\":\"disk full\"}}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(507, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    flaky.start();
    OutputHttp output =
        new OutputHttp(
            URI.create("http://127.0.0.1:" + flaky.getAddress().getPort() + "/"),
            new OutputHttp.Settings(10, 1_000_000_000L, 1, 1_000_000L, 1));

    assertThatThrownBy(
            () -> {
              for (Line line : Simulated.lines(5, 200)) {
                output.write(line);
              }
              output.close();
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gave up on a batch of 10 lines after 2 attempts")
        .hasMessageContaining("server answered 507");
  }

  @Test
  void theIngestUrlFollowsFromTheServersAddress() {
    assertThat(OutputHttp.ingestEndpoint(URI.create("http://h:1")).toString())
        .isEqualTo("http://h:1/api/v1/ingest?_stream_fields=service%2Chost%2Csource");
    assertThat(OutputHttp.ingestEndpoint(URI.create("http://h:1/")).toString())
        .isEqualTo("http://h:1/api/v1/ingest?_stream_fields=service%2Chost%2Csource");
    assertThat(
            OutputHttp.ingestEndpoint(URI.create("https://h/loupe/api/v1/ingest?tenant=a"))
                .toString())
        .isEqualTo("https://h/loupe/api/v1/ingest?tenant=a&_stream_fields=service%2Chost%2Csource");
  }

  private static int countLines(InputStream gzipped) throws IOException {
    byte[] text = new GZIPInputStream(gzipped).readAllBytes();
    int lines = 0;
    for (byte character : text) {
      if (character == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private long hits(String query, String range) throws Exception {
    JsonNode answer = JSON.readTree(get("/api/v1/hits?query=" + encode(query) + range));
    return answer.get("hits").asLong();
  }

  private List<JsonNode> rows(String query, String range) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : get("/api/v1/query?query=" + encode(query) + range).split("\n")) {
      JsonNode row = JSON.readTree(line);
      if (!row.has("_status")) {
        rows.add(row);
      }
    }
    return rows;
  }

  private String get(String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loupe.port() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static SimulationProgress quiet() {
    return new SimulationProgress() {
      @Override
      public void update(long lines, long bytes) {}

      @Override
      public void finish(long lines, long bytes) {}
    };
  }
}
