package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.FileNames;
import dev.loupe.storage.StorageConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patterns over HTTP: ingest, the {@code _pattern} field, the pipe, the API, a restart. */
class PatternsHandlerTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private LoupeServer start(PatternConfig patterns) {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2)
                .withPatterns(patterns),
            CLOCK);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void ingest(String ndjson) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static final String LINES =
      """
      {"_time":"2026-11-22T12:00:01Z","_msg":"user alice logged in from 10.0.0.1","_pattern":"pspoofed00000"}
      {"_time":"2026-11-22T12:00:02Z","_msg":"user bob logged in from 10.0.0.2"}
      {"_time":"2026-11-22T12:20:00Z","_msg":"user carol logged in from 10.0.0.3"}
      {"_time":"2026-11-22T12:40:00Z","_msg":"disk sda is 91% full"}
      """;

  @Test
  void patternsOfAQueryOverHttpWithSeriesAndTemplates() throws Exception {
    start(PatternConfig.defaults().withNewPatternWarmup(Duration.ZERO));
    ingest(LINES);

    HttpResponse<String> response =
        get(
            "/api/v1/patterns?query=*&start=2026-11-22T12:00:00Z&end=2026-11-22T13:00:00Z&step="
                + encode("20m"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("step_ms").asLong()).isEqualTo(1_200_000);
    JsonNode patterns = body.get("patterns");
    assertThat(patterns).hasSize(2);
    JsonNode login = patterns.get(0);
    assertThat(login.get("template").asText()).isEqualTo("user <*> logged in from <*>");
    assertThat(login.get("count").asLong()).isEqualTo(3);
    assertThat(login.get("series").toString()).isEqualTo("[2,1,0]");
    assertThat(login.get("first_seen").asText()).isEqualTo("2026-11-22T12:00:01Z");
    assertThat(login.get("new").asBoolean()).isTrue();
    assertThat(login.get("samples")).hasSize(3);
    assertThat(patterns.get(1).get("series").toString()).isEqualTo("[0,0,1]");

    // The stored field is the miner's, not the client's, and filters and groups by id.
    String id = login.get("id").asText();
    HttpResponse<String> filtered = get("/api/v1/query?query=" + encode("_pattern:" + id));
    assertThat(filtered.body()).contains("\"_pattern\":\"" + id + "\"").doesNotContain("pspoofed");
    assertThat(filtered.body().lines().filter(line -> line.contains("_msg"))).hasSize(3);
    HttpResponse<String> piped = get("/api/v1/query?query=" + encode("* | patterns"));
    JsonNode table = JSON.readTree(piped.body());
    assertThat(table.get("columns").toString())
        .isEqualTo("[\"_pattern\",\"hits\",\"first\",\"last\",\"template\"]");
    assertThat(table.get("rows").get(0).get(0).asText()).isEqualTo(id);
    assertThat(table.get("rows").get(0).get(1).asText()).isEqualTo("3");
    assertThat(table.get("rows").get(0).get(4).asText()).isEqualTo("user <*> logged in from <*>");
  }

  @Test
  void theRegistrySurvivesARestart() throws Exception {
    start(PatternConfig.defaults());
    ingest(LINES);
    String before =
        get("/api/v1/patterns?query=*&start=2026-11-22T12:00:00Z&end=2026-11-22T13:00:00Z").body();
    server.close();
    server = null;
    assertThat(directory.resolve(FileNames.PATTERNS)).exists();

    start(PatternConfig.defaults());
    ingest("{\"_time\":\"2026-11-22T12:50:00Z\",\"_msg\":\"user dave logged in from 10.0.0.4\"}\n");
    JsonNode after =
        JSON.readTree(
            get("/api/v1/patterns?query=*&start=2026-11-22T12:00:00Z&end=2026-11-22T13:00:00Z")
                .body());

    JsonNode login = after.get("patterns").get(0);
    assertThat(before).contains(login.get("id").asText());
    assertThat(login.get("count").asLong()).isEqualTo(4);
    assertThat(login.get("first_seen").asText()).isEqualTo("2026-11-22T12:00:01Z");
    // Created an hour before "now" at most: inside the default warm-up, so nothing is new.
    assertThat(login.get("new").asBoolean()).isFalse();
  }

  @Test
  void badParametersAndMiningOffAreClearErrors() throws Exception {
    start(PatternConfig.defaults());
    assertThat(get("/api/v1/patterns").body()).contains("missing parameter 'query'");
    HttpResponse<String> badStep = get("/api/v1/patterns?query=*&step=soon");
    assertThat(badStep.statusCode()).isEqualTo(400);
    assertThat(badStep.body()).contains("step must be a duration");
    assertThat(get("/api/v1/patterns?query=*&start=1h&step=1s").body()).contains("at most 1000");
    server.close();

    start(PatternConfig.disabled());
    HttpResponse<String> off = get("/api/v1/patterns?query=*");
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body()).contains("--max-patterns");
  }
}
