package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against a real server on a loopback port, with a real store in a temp dir. */
class LoupeServerTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private LoupeServer start(StorageConfig storage, IngestLimits limits) {
    server = LoupeServer.start(new ServerConfig("127.0.0.1", 0, storage, limits, 2), CLOCK);
    return server;
  }

  private LoupeServer start() {
    return start(storage(), IngestLimits.defaults());
  }

  private StorageConfig storage() {
    return StorageConfig.defaults(directory)
        .withMinFreeDiskBytes(0)
        .withFlushInterval(Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> query(String query, String extra)
      throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + extra);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final String THREE_LINES =
      """
      {"_time":"2026-11-22T10:00:00Z","service":"api","host":"a","level":"error","_msg":"payment declined for order 42"}
      {"_time":"2026-11-22T10:00:01Z","service":"api","host":"b","message":"GET /health 200"}
      {"_time":"2026-11-22T10:00:02Z","service":"web","host":"a","msg":"cache warm","http":{"status":503}}
      """;

  @Test
  void ingestedLinesAreFoundNewestFirstWithAStatusLine() throws Exception {
    start();
    HttpResponse<String> ingest =
        post("/api/v1/ingest?_stream_fields=service,host", utf8(THREE_LINES));
    assertThat(ingest.statusCode()).isEqualTo(200);
    assertThat(ingest.body()).contains("\"accepted\":3", "\"rejected\":0");

    HttpResponse<String> all = query("*", "");
    List<String> lines = all.body().lines().toList();
    assertThat(all.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .contains("cache warm", "\"http.status\":\"503\"", "{host=\\\"a\\\",service=\\\"web\\\"}");
    assertThat(lines.get(2)).contains("payment declined");
    assertThat(lines.get(3)).startsWith("{\"_status\":{\"rows\":3,");

    assertThat(query("declined service:api", "").body().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .contains("order 42");
    assertThat(query("http.status:503 OR level:error", "&limit=1").body().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .contains("cache warm");
  }

  @Test
  void timeRangeParametersNarrowTheResults() throws Exception {
    start();
    post("/api/v1/ingest", utf8(THREE_LINES));
    HttpResponse<String> response =
        query("*", "&start=2026-11-22T10:00:01Z&end=2026-11-22T10:00:02Z");
    assertThat(response.body().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .contains("GET /health");
    assertThat(query("*", "&start=2h").body()).contains("\"rows\":3");
    assertThat(query("*", "&start=1h").body()).contains("\"rows\":0");
    // Relative times in the query resolve against the server's clock (fixed at 12:00 here).
    assertThat(query("_time:3h", "").body()).contains("\"rows\":3");
    assertThat(query("_time:1h", "").body()).contains("\"rows\":0");
  }

  @Test
  void flushedPartsSkipBlocksByBloomFilter() throws Exception {
    start();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      String service = "svc" + (i % 3);
      String word = i == 1234 ? "needle" : "hay";
      body.append("{\"service\":\"")
          .append(service)
          .append("\",\"_msg\":\"line ")
          .append(i)
          .append(' ')
          .append(word)
          .append("\"}\n");
    }
    post("/api/v1/ingest?_stream_fields=service", utf8(body.toString()));
    post("/api/v1/admin/flush", new byte[0]);
    HttpResponse<String> response = query("needle", "");
    List<String> lines = response.body().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("line 1234 needle");
    assertThat(lines.get(1))
        .contains("\"blocks_total\":3", "\"blocks_scanned\":1", "\"blocks_skipped\":2");
  }

  @Test
  void hitsCountMatchesWithoutReturningRows() throws Exception {
    start();
    post("/api/v1/ingest?_stream_fields=service", utf8(THREE_LINES));
    post("/api/v1/admin/flush", new byte[0]);
    post(
        "/api/v1/ingest?_stream_fields=service",
        utf8("{\"service\":\"api\",\"_msg\":\"GET /late 200\"}\n"));
    assertThat(get("/api/v1/hits?query=*").body()).startsWith("{\"hits\":4,\"_status\":{");
    assertThat(get("/api/v1/hits?query=GET").body()).startsWith("{\"hits\":2,");
    assertThat(get("/api/v1/hits?query=service:api%20-GET").body()).startsWith("{\"hits\":1,");
    assertThat(get("/api/v1/hits?query=(").statusCode()).isEqualTo(400);
  }

  @Test
  void tenantsSeeOnlyTheirOwnLines() throws Exception {
    start();
    post("/api/v1/ingest?tenant=acme", utf8("{\"_msg\":\"acme secret\"}\n"));
    post("/api/v1/ingest", utf8("{\"_msg\":\"default secret\"}\n"), "Loupe-Tenant", "default");
    assertThat(query("secret", "").body()).contains("default secret").doesNotContain("acme secret");
    assertThat(query("secret", "&tenant=acme").body())
        .contains("acme secret")
        .doesNotContain("default secret");
    assertThat(get("/api/v1/hits?query=secret&tenant=acme").body()).startsWith("{\"hits\":1,");
  }

  @Test
  void badLinesAreReportedAndGoodLinesKept() throws Exception {
    start();
    String body =
        """
        {"_msg":"first good"}
        this is not json
        {"_msg":"second good"}
        {"_time":"yesterday-ish","_msg":"bad time"}
        """;
    HttpResponse<String> response = post("/api/v1/ingest", utf8(body));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"accepted\":2", "\"rejected\":2", "\"line\":2", "\"line\":4");
    assertThat(query("good", "").body()).contains("\"rows\":2");

    HttpResponse<String> allBad = post("/api/v1/ingest", utf8("nope\nnope again\n"));
    assertThat(allBad.statusCode()).isEqualTo(400);
    assertThat(allBad.body()).contains("\"accepted\":0", "\"rejected\":2");
  }

  @Test
  void compressedBodiesAreAccepted() throws Exception {
    start();
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(utf8("{\"_msg\":\"from gzip\"}\n"));
    }
    assertThat(post("/api/v1/ingest", gzipped.toByteArray(), "Content-Encoding", "gzip").body())
        .contains("\"accepted\":1");
    byte[] zstd = Zstd.compress(utf8("{\"_msg\":\"from zstd\"}\n"));
    assertThat(post("/api/v1/ingest", zstd, "Content-Encoding", "zstd").body())
        .contains("\"accepted\":1");
    HttpResponse<String> brotli = post("/api/v1/ingest", utf8("{}"), "Content-Encoding", "br");
    assertThat(brotli.statusCode()).isEqualTo(400);
    assertThat(brotli.body()).contains("gzip, zstd");
    assertThat(query("from", "").body()).contains("\"rows\":2");
  }

  @Test
  void plainTextBodiesBecomeMessages() throws Exception {
    start();
    HttpResponse<String> response =
        post(
            "/api/v1/ingest",
            utf8("first plain line\nsecond plain line\n"),
            "Content-Type",
            "text/plain");
    assertThat(response.body()).contains("\"accepted\":2");
    List<String> lines = query("plain", "").body().lines().toList();
    assertThat(lines.get(0)).contains("second plain line");
    assertThat(lines.get(1)).contains("first plain line");
  }

  @Test
  void bodyOverTheLimitIsRefusedWith413() throws Exception {
    IngestLimits defaults = IngestLimits.defaults();
    start(
        storage(),
        new IngestLimits(1024, defaults.maxLineBytes(), defaults.maxFieldsPerRecord(), 10));
    String line = "{\"_msg\":\"" + "x".repeat(100) + "\"}\n";
    HttpResponse<String> response = post("/api/v1/ingest", utf8(line.repeat(50)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
  }

  @Test
  void fullDiskRefusesIngestWith507AndReadsGoOn() throws Exception {
    start();
    post("/api/v1/ingest", utf8(THREE_LINES));
    server.close();
    start(storage().withMinFreeDiskBytes(Long.MAX_VALUE), IngestLimits.defaults());
    HttpResponse<String> refused = post("/api/v1/ingest", utf8("{\"_msg\":\"no room\"}\n"));
    assertThat(refused.statusCode()).isEqualTo(507);
    assertThat(refused.body()).contains("INSUFFICIENT_STORAGE", "disk almost full");
    assertThat(query("*", "").body()).contains("\"rows\":3");
    assertThat(get("/metrics").body()).contains("loupe_ingest_refused_total 1");
  }

  @Test
  void corruptPartIsReportedByHealthAndMetricsAndTheRestIsServed() throws Exception {
    start();
    post("/api/v1/ingest", utf8("{\"_time\":\"2026-11-20T10:00:00Z\",\"_msg\":\"old damaged\"}\n"));
    post("/api/v1/ingest", utf8("{\"_time\":\"2026-11-22T10:00:00Z\",\"_msg\":\"new healthy\"}\n"));
    post("/api/v1/admin/flush", new byte[0]);
    server.close();
    Path index;
    try (var parts = java.nio.file.Files.list(directory.resolve("partitions/2026-11-20"))) {
      index = parts.findFirst().orElseThrow().resolve("index.bin");
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(index);
    bytes[bytes.length / 2] ^= 0x40;
    java.nio.file.Files.write(index, bytes);

    start();
    assertThat(get("/health").body()).contains("\"status\":\"degraded\"", "2026-11-20");
    assertThat(get("/metrics").body()).contains("loupe_storage_corrupt_parts 1");
    assertThat(query("healthy OR damaged", "").body()).contains("new healthy", "\"rows\":1");
  }

  @Test
  void syntaxErrorsSayWhere() throws Exception {
    start();
    HttpResponse<String> response = query("error AND (timeout", "");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"QUERY_SYNTAX\"", "\"position\":");
    assertThat(get("/api/v1/query").statusCode()).isEqualTo(400);
    assertThat(query("*", "&limit=zero").body()).contains("limit must be a positive integer");
    assertThat(query("*", "&start=last-tuesday").body()).contains("cannot read start=last-tuesday");
  }

  @Test
  void healthAndMetricsDescribeTheStore() throws Exception {
    start();
    post("/api/v1/ingest", utf8(THREE_LINES));
    post("/api/v1/admin/flush", new byte[0]);
    assertThat(get("/health").body())
        .contains("\"status\":\"ok\"", "\"parts\":1", "\"part_rows\":3");
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("# TYPE loupe_ingest_lines_accepted_total counter");
    assertThat(metrics).contains("loupe_ingest_lines_accepted_total 3", "loupe_storage_parts 1");
  }

  @Test
  void aTakenPortFailsTheStartSayingSoAndReleasesTheDataDirectory() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ServerConfig config =
          new ServerConfig(
              "127.0.0.1", taken.getLocalPort(), storage(), IngestLimits.defaults(), 2);
      assertThatThrownBy(() -> LoupeServer.start(config, CLOCK))
          .isInstanceOf(dev.loupe.core.LoupeException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--port");
    }
    // The failed start closed its store: the data directory's lock is free again.
    start();
    assertThat(server.port()).isPositive();
  }
}
