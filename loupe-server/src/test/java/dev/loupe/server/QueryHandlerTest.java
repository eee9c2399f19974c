package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.query.QueryLimits;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries with pipes over HTTP, against a real server and store, with known lines. */
class QueryHandlerTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  /** Seven lines over three minutes; three services; statuses 200 to 503. */
  private static final String LINES =
      """
      {"_time":"2026-11-22T10:00:05Z","service":"api","status":500,"_msg":"a"}
      {"_time":"2026-11-22T10:00:40Z","service":"api","status":503,"_msg":"b"}
      {"_time":"2026-11-22T10:01:10Z","service":"api","status":200,"_msg":"c"}
      {"_time":"2026-11-22T10:01:20Z","service":"web","status":502,"_msg":"d"}
      {"_time":"2026-11-22T10:02:00Z","service":"web","status":404,"_msg":"e"}
      {"_time":"2026-11-22T10:02:30Z","service":"db","status":500,"_msg":"f"}
      {"_time":"2026-11-22T10:02:59Z","service":"db","status":200,"_msg":"g"}
      """;

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void startAndIngest() throws Exception {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2), CLOCK);
    HttpResponse<String> ingest =
        client.send(
            HttpRequest.newBuilder(uri("/api/v1/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(LINES))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ingest.body()).contains("\"accepted\":7");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private HttpResponse<String> query(String query, String extra)
      throws IOException, InterruptedException {
    String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + extra;
    return client.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statsCountByServiceIsAJsonTable() throws Exception {
    HttpResponse<String> response = query("status:>=500 | stats count() by (service)", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body())
        .startsWith(
            "{\"columns\":[\"service\",\"count()\"],"
                + "\"rows\":[[\"api\",\"2\"],[\"db\",\"1\"],[\"web\",\"1\"]],"
                + "\"_status\":{\"rows\":3,")
        .endsWith("}}\n");
  }

  @Test
  void topAndSortRankOverEveryRow() throws Exception {
    assertThat(query("* | top 2 service", "&format=table").body())
        .startsWith(
            "{\"columns\":[\"service\",\"hits\"],\"rows\":[[\"api\",\"3\"],[\"db\",\"2\"]],");
    assertThat(query("* | sort by (status desc, _msg) | fields _msg | head 3", "&limit=2").body())
        .startsWith("{\"_msg\":\"b\"}\n{\"_msg\":\"d\"}\n{\"_status\":{\"rows\":2,");
  }

  @Test
  void statsBinsTimeByMinute() throws Exception {
    assertThat(query("* | stats count() by (bin(_time, 1m))", "").body())
        .contains(
            "\"rows\":[[\"2026-11-22T10:00:00Z\",\"2\"],[\"2026-11-22T10:01:00Z\",\"2\"],"
                + "[\"2026-11-22T10:02:00Z\",\"3\"]],");
  }

  @Test
  void statsRowsCanComeAsNdjsonAndRowsAsATable() throws Exception {
    HttpResponse<String> ndjson =
        query("* | stats count() as n, max(status) by (service)", "&format=ndjson");
    assertThat(ndjson.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(ndjson.body().lines().toList())
        .hasSize(4)
        .startsWith("{\"service\":\"api\",\"n\":\"3\",\"max(status)\":\"503\"}");
    assertThat(query("status:200 | fields _msg, service | head 1", "&format=table").body())
        .startsWith("{\"columns\":[\"_msg\",\"service\"],\"rows\":[[\"g\",\"db\"]],");
  }

  @Test
  void rowPipesStreamAsNdjson() throws Exception {
    assertThat(query("service:api | fields _msg | head 2", "").body().lines().toList())
        .hasSize(3)
        .startsWith("{\"_msg\":\"c\"}", "{\"_msg\":\"b\"}");
  }

  @Test
  void aSyntaxErrorInAPipeHasAPosition() throws Exception {
    HttpResponse<String> response = query("status:>=500 | stats count() by (service", "");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "\"code\":\"QUERY_SYNTAX\"", "\"position\":40", "at position 40: expected ',' or ')'");
    assertThat(query("* | nosuchpipe", "").body()).contains("unknown pipe", "\"position\":4");
    assertThat(query("*", "&format=csv").statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> get(String path, String query, String extra)
      throws IOException, InterruptedException {
    String target = path + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + extra;
    return client.send(
        HttpRequest.newBuilder(uri(target)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code count} lines of one stream, a millisecond apart, each message naming its number. */
  private void appendMany(int count) {
    Stream stream = Stream.of(Stream.DEFAULT_TENANT, Map.of("service", "bulk"));
    long base = Timestamps.toNanos(Instant.parse("2026-11-22T11:00:00Z"));
    List<LogRecord> records = new ArrayList<>(count);
    for (int line = 0; line < count; line++) {
      records.add(
          new LogRecord(
              stream,
              base + line * 1_000_000L,
              "bulk line " + line + ", with \"quotes\"",
              List.of(new Field("seq", String.valueOf(line)))));
    }
    server.storage().append(records);
    server.storage().flush();
  }

  @Test
  void explainShowsThePlanAndAnEstimateWithoutRunning() throws Exception {
    HttpResponse<String> response = get("/api/v1/explain", "status:>=500  a | head 1", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body())
        .startsWith(
            "{\"query\":\"status:>=500 a | head 1\",\"filters\":["
                + "{\"filter\":\"status:>=500\",\"skips_by\":[\"column presence\",\"integer range\"]},"
                + "{\"filter\":\"a\",\"skips_by\":[\"column presence\",\"bloom tokens\"]}],"
                + "\"pipes\":[\"head 1\"],\"estimate\":{\"blocks_total\":")
        .contains("\"bytes_to_read\":");
    assertThat(get("/api/v1/explain", "a OR", "").statusCode()).isEqualTo(400);
  }

  @Test
  void exportStreamsMoreRowsThanTheQueryLimitAsNdjsonOrCsv() throws Exception {
    int lines = QueryLimits.MAX_LIMIT + 2_500;
    appendMany(lines);
    HttpResponse<String> ndjson = get("/api/v1/export", "bulk", "");
    assertThat(ndjson.statusCode()).isEqualTo(200);
    List<String> rows = ndjson.body().lines().toList();
    assertThat(rows).hasSize(lines + 1);
    assertThat(rows.getFirst()).contains("\"_msg\":\"bulk line " + (lines - 1) + ",");
    assertThat(rows.getLast()).startsWith("{\"_status\":{\"rows\":" + lines + ",");

    HttpResponse<String> csv = get("/api/v1/export", "bulk", "&format=csv&fields=seq,_msg");
    assertThat(csv.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    List<String> csvLines = List.of(csv.body().split("\r\n", -1));
    assertThat(csvLines)
        .hasSize(lines + 2); // header, rows, and the empty string after the last CRLF
    assertThat(csvLines.get(0)).isEqualTo("seq,_msg");
    assertThat(csvLines.get(1))
        .isEqualTo((lines - 1) + ",\"bulk line " + (lines - 1) + ", with \"\"quotes\"\"\"");
    assertThat(csvLines.getLast()).isEmpty();
  }

  @Test
  void exportRefusesPipesAndUnknownFormats() throws Exception {
    assertThat(get("/api/v1/export", "* | head 1", "").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/export", "*", "&format=table").body())
        .contains("format must be 'csv' or 'ndjson' for an export");
    assertThat(get("/api/v1/export", "*", "&format=csv&fields=a,,b").statusCode()).isEqualTo(400);
  }

  @Test
  void aClientThatGoesAwayMidStreamReleasesItsQuery() throws Exception {
    appendMany(200_000);
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(
                    uri("/api/v1/export?query=" + URLEncoder.encode("*", StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      assertThat(body.readNBytes(4096)).hasSize(4096);
    }
    // Polled with a generous bound: the server notices at its next write, not at once.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = get("/metrics", "", "").body();
      if (metrics.contains("\nloupe_queries_running 0\n")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(metrics).contains("\nloupe_queries_running 0\n");
  }

  @Test
  void aQueryPastTheServerTimeoutFailsWithLimitExceeded() throws Exception {
    server.close();
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2)
                .withQueryTimeout(Duration.ZERO),
            CLOCK);
    HttpResponse<String> table = query("* | stats count()", "");
    assertThat(table.statusCode()).isEqualTo(422);
    assertThat(table.body())
        .contains(
            "query ran longer than the 0 s limit (--query-timeout); narrow the time range or add"
                + " filters");
    assertThat(query("*", "").body()).contains("\"_error\":{\"code\":\"LIMIT_EXCEEDED\"");
  }
}
