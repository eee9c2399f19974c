package dev.loupe.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.cli.LoupeCommand;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The world of the UI tests: a real server as {@code loupe serve} runs it (pattern mining on, its
 * default warm-up of an hour), filled by {@code loupe simulate} (run in-process through the same
 * command line, posting to the server over HTTP) with the last minutes of a small shop, and the
 * simulator's own ground truth: every line's template ({@code --labels-csv}) and the incidents
 * ({@code --labels}).
 *
 * <p>The store is created {@link #STORE_AGE} (100 minutes) before now: a first start on a clock set
 * back that far, closed at once, then the server the tests use, on the real clock (as a server that
 * has been running a while and was restarted: the pattern registry keeps its creation time in its
 * file). Pattern mining's warm-up, an hour as {@code loupe serve} has it, thus ended 40 minutes
 * ago, and the simulated history starts 50 minutes ago: what the shop logs in its first 10 minutes
 * is old, what it logs for the first time later (a bad deploy's new error) is new, as on a server
 * that had watched the shop all along. (A fresh store that is sent history would call nothing new:
 * it was created after every line it holds.)
 *
 * <p>Expected values come from the simulator's labels or from the server's API over the same time
 * range the page used, never from numbers written into the tests: the shop's lines depend on the
 * minute the tests start (cron and timers run on the clock).
 */
final class SimulatedShop implements AutoCloseable {
  /** How long before the test's "now" the pattern registry was created. */
  static final Duration STORE_AGE = Duration.ofMinutes(100);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LoupeServer server;
  private final Instant from;
  private final Map<String, Long> linesByTemplate;
  private final long lines;
  private final List<JsonNode> incidents;

  private SimulatedShop(
      LoupeServer server,
      Instant from,
      Map<String, Long> linesByTemplate,
      long lines,
      List<JsonNode> incidents) {
    this.server = server;
    this.from = from;
    this.linesByTemplate = linesByTemplate;
    this.lines = lines;
    this.incidents = incidents;
  }

  /**
   * Starts the server in {@code directory} and simulates {@code lines} lines spread over the {@code
   * history} before now (ending a minute ago), seed {@code seed}, with these incidents ({@code at=}
   * counts from the start of the history).
   */
  static SimulatedShop start(
      Path directory, long seed, int lines, Duration history, String... incidents)
      throws IOException {
    Instant now = Instant.now();
    Path data = directory.resolve("data");
    ServerConfig config =
        new ServerConfig(
                "127.0.0.1",
                0,
                StorageConfig.defaults(data).withMinFreeDiskBytes(0),
                IngestLimits.defaults(),
                2)
            .withPatterns(PatternConfig.defaults());
    LoupeServer.start(config, Clock.offset(Clock.systemUTC(), STORE_AGE.negated())).close();
    LoupeServer server = LoupeServer.start(config, InstantSource.system());
    try {
      return simulate(server, directory, seed, lines, history, now, incidents);
    } catch (IOException | RuntimeException | Error failure) {
      server.close();
      throw failure;
    }
  }

  private static SimulatedShop simulate(
      LoupeServer server,
      Path directory,
      long seed,
      int lines,
      Duration history,
      Instant now,
      String... incidents)
      throws IOException {
    Instant from = now.minus(history).truncatedTo(ChronoUnit.MINUTES);
    Instant to = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
    Path templates = directory.resolve("lines.csv");
    Path incidentLabels = directory.resolve("incidents.jsonl");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "simulate",
                "--seed",
                String.valueOf(seed),
                "--from",
                from.toString(),
                "--duration",
                Duration.between(from, to).toMinutes() + "m",
                "--lines",
                String.valueOf(lines),
                "--rate",
                "0",
                "--output",
                "http://127.0.0.1:" + server.port(),
                "--labels-csv",
                templates.toString(),
                "--labels",
                incidentLabels.toString()));
    for (String incident : incidents) {
      arguments.add("--incident");
      arguments.add(incident);
    }
    StringWriter errors = new StringWriter();
    var command = LoupeCommand.commandLine();
    command.setErr(new PrintWriter(errors, true));
    int exit = command.execute(arguments.toArray(String[]::new));
    assertThat(exit).as("loupe simulate failed: %s", errors).isZero();

    Map<String, Long> byTemplate = new HashMap<>();
    long written = 0;
    try (Reader reader = Files.newBufferedReader(templates)) {
      for (CSVRecord record :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        byTemplate.merge(record.get("EventId"), 1L, Long::sum);
        written++;
      }
    }
    List<JsonNode> started = new ArrayList<>();
    for (String line : Files.readAllLines(incidentLabels)) {
      started.add(JSON.readTree(line));
    }
    SimulatedShop shop =
        new SimulatedShop(server, from, Map.copyOf(byTemplate), written, List.copyOf(started));
    assertThat(shop.count("*")).as("every simulated line stored").isEqualTo(written);
    return shop;
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Start of the simulated history. */
  Instant from() {
    return from;
  }

  /** Lines the simulator wrote (and the server accepted: checked at start). */
  long lines() {
    return lines;
  }

  /** Lines the simulator wrote from this template (its id, e.g. catalog.regression). */
  long templateLines(String templateId) {
    return linesByTemplate.getOrDefault(templateId, 0L);
  }

  /** The incidents the run went through, as the simulator's labels describe them. */
  List<JsonNode> incidents() {
    return incidents;
  }

  /** Lines matching {@code filters} over the whole history (and anything ingested since). */
  long count(String filters) {
    return count(filters, from, Instant.now().plus(Duration.ofHours(1)));
  }

  /** Lines matching {@code filters} in [start, end). */
  long count(String filters, Instant start, Instant end) {
    JsonNode table = table(filters + " | stats count()", start, end);
    return table.path("rows").path(0).path(0).asLong();
  }

  /** A query's table ({@code format=table}) in [start, end). */
  JsonNode table(String query, Instant start, Instant end) {
    return getJson(
        "/api/v1/query?query="
            + encode(query)
            + "&start="
            + start
            + "&end="
            + end
            + "&format=table");
  }

  /** The newest line matching {@code filters}. */
  JsonNode newest(String filters) {
    String body =
        get(
            "/api/v1/query?query="
                + encode(filters)
                + "&start="
                + from
                + "&end="
                + Instant.now().plusSeconds(3600)
                + "&limit=1&format=ndjson");
    try {
      return JSON.readTree(body.lines().findFirst().orElseThrow());
    } catch (IOException unreadable) {
      throw new AssertionError("not a JSON line: " + body, unreadable);
    }
  }

  /** The answer of any GET of the API, as JSON. */
  JsonNode getJson(String path) {
    try {
      return JSON.readTree(get(path));
    } catch (IOException unreadable) {
      throw new AssertionError("not JSON from " + path, unreadable);
    }
  }

  /** The body of a GET that must answer 200. */
  String get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException | InterruptedException failure) {
      throw new AssertionError("GET " + path, failure);
    }
  }

  /** Posts NDJSON lines to the ingest API, streams by service; answers the server's reply. */
  String ingest(String ndjson) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/api/v1/ingest?_stream_fields=service"))
                  .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException | InterruptedException failure) {
      throw new AssertionError("ingest", failure);
    }
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    server.close();
  }
}
