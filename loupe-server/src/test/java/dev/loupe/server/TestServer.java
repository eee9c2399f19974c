package dev.loupe.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real Loupe server on a free loopback port with its store in a temp directory, and a plain HTTP
 * client for it: the harness of the protocol tests. Close it after the test.
 */
final class TestServer implements AutoCloseable {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private TestServer(LoupeServer server) {
    this.server = server;
  }

  static TestServer start(Path directory) {
    return start(directory, IngestLimits.defaults());
  }

  static TestServer start(Path directory, IngestLimits limits) {
    return start(directory, limits, config -> config);
  }

  static TestServer start(
      Path directory, IngestLimits limits, UnaryOperator<ServerConfig> adjustment) {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, storage, limits, 2);
    return new TestServer(LoupeServer.start(adjustment.apply(config), CLOCK));
  }

  int port() {
    return server.port();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) {
    return send("POST", pathAndQuery, body, headers);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, null, headers);
  }

  /** The rows a query returns, newest first, each a map of field to value; no status line. */
  List<Map<String, String>> rows(String query, String extraParameters) {
    HttpResponse<String> response =
        get(
            "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + extraParameters);
    if (response.statusCode() != 200) {
      throw new AssertionError("query failed: " + response.statusCode() + " " + response.body());
    }
    return response
        .body()
        .lines()
        .filter(line -> !line.startsWith("{\"_status\""))
        .map(TestServer::parse)
        .toList();
  }

  List<Map<String, String>> rows(String query) {
    return rows(query, "");
  }

  private static Map<String, String> parse(String line) {
    try {
      return JSON.readValue(line, new TypeReference<Map<String, String>>() {});
    } catch (IOException invalid) {
      throw new UncheckedIOException("not a row: " + line, invalid);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
