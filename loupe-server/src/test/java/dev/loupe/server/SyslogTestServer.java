package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.decode.SyslogOptions;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * A real Loupe server with syslog listeners on free loopback ports, a real store in a temp dir, the
 * real util-linux {@code logger} as a client, and queries through the HTTP API. For the syslog
 * listener tests.
 */
final class SyslogTestServer implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  /** How long to wait for messages a client sent to become visible; a bound, not a measurement. */
  private static final long VISIBLE_WITHIN_MILLIS = 20_000;

  private final Path directory;
  private final HttpClient http = HttpClient.newHttpClient();
  private LoupeServer server;

  SyslogTestServer(Path directory) {
    this.directory = directory;
  }

  /** TCP and UDP on free ports, RFC 3164 times in UTC. */
  static SyslogConfig plainListeners() {
    return SyslogConfig.disabled()
        .withTcpPort(0)
        .withUdpPort(0)
        .withOptions(SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC));
  }

  /** Also TLS on a free port, with the test key pair. */
  static SyslogConfig allListeners() {
    return plainListeners()
        .withTls(0, resource("syslog-tls/cert.pem"), resource("syslog-tls/key.pem"));
  }

  static Path resource(String name) {
    try {
      return Path.of(SyslogTestServer.class.getClassLoader().getResource(name).toURI());
    } catch (java.net.URISyntaxException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  SyslogTestServer start(SyslogConfig syslog) {
    return start(syslog, InstantSource.system());
  }

  SyslogTestServer start(SyslogConfig syslog, InstantSource clock) {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    ServerConfig config =
        new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2).withSyslog(syslog);
    server = LoupeServer.start(config, clock);
    return this;
  }

  LoupeServer server() {
    return server;
  }

  /** Runs util-linux logger against the server's TCP port with these arguments and the message. */
  void logger(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("logger", "-n", "127.0.0.1"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // RFC 3164 timestamps are in the sender's zone: the same as the listeners' (UTC) here.
    builder.environment().put("TZ", "UTC");
    Process process = builder.start();
    boolean ended = process.waitFor(30, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as("logger ended").isTrue();
    assertThat(process.exitValue()).as("logger exit status; output: %s", output).isZero();
  }

  /** The rows of a query, newest first, each as its fields. */
  List<Map<String, String>> query(String query) throws IOException, InterruptedException {
    String body =
        get(
            "/api/v1/query?limit=10000&format=ndjson&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : body.lines().toList()) {
      Map<String, String> row = object(line);
      if (!row.containsKey("_status")) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Waits until the query finds {@code count} rows (never more), and returns them. */
  List<Map<String, String>> awaitRows(String query, int count)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VISIBLE_WITHIN_MILLIS);
    List<Map<String, String>> rows = query(query);
    while (rows.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      rows = query(query);
    }
    assertThat(rows).as("rows of %s", query).hasSize(count);
    return rows;
  }

  /** The value of a series in {@code /metrics}. */
  long metric(String name) throws IOException, InterruptedException {
    for (String line : get("/metrics").lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1).strip());
      }
    }
    throw new AssertionError("no series " + name + " in /metrics");
  }

  /** Waits until a metric reaches at least {@code value}, and returns it. */
  long awaitMetric(String name, long value) throws IOException, InterruptedException {
    return awaitMetric(name, current -> current >= value);
  }

  /** Waits until a metric's value passes {@code test}, and returns it (passing or not). */
  long awaitMetric(String name, LongPredicate test) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VISIBLE_WITHIN_MILLIS);
    long current = metric(name);
    while (!test.test(current) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      current = metric(name);
    }
    return current;
  }

  private String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** A flat JSON object of string values; nested objects (the status) become their key alone. */
  private static Map<String, String> object(String line) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(line)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          parser.skipChildren();
          fields.put(name, "");
        } else {
          fields.put(name, parser.getText());
        }
      }
    }
    return fields;
  }

  /** The machine's host name, as logger reads it. */
  static String hostName() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
