package dev.loupe.cli.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Loupe server on a loopback port for the agent's tests, and what it stored, read back
 * through the export API like any client would.
 */
final class RunningServer implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();
  private final LoupeServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RunningServer(LoupeServer server) {
    this.server = server;
  }

  /** On a free port. */
  static RunningServer start(Path dataDirectory) {
    return start(dataDirectory, 0, IngestLimits.defaults());
  }

  static RunningServer start(Path dataDirectory, int port, IngestLimits limits) {
    StorageConfig storage = StorageConfig.defaults(dataDirectory).withMinFreeDiskBytes(0);
    return new RunningServer(
        LoupeServer.start(
            new ServerConfig("127.0.0.1", port, storage, limits, 2), Clock.systemUTC()));
  }

  /** A port nothing listens on now (for a server that comes up later). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Every stored row, as field maps (newest first). */
  List<Map<String, String>> rows() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri().resolve("/api/v1/export?query=*")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("export answered " + response.statusCode() + ": " + response.body());
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      Map<String, String> row = new HashMap<>();
      try (JsonParser parser = JSON.createParser(line)) {
        String field = null;
        while (parser.nextToken() != null) {
          if (parser.currentToken() == JsonToken.FIELD_NAME) {
            field = parser.currentName();
          } else if (parser.currentToken() == JsonToken.VALUE_STRING && field != null) {
            row.put(field, parser.getText());
          }
        }
      }
      if (row.containsKey("_msg")) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** How many rows are stored, counted by the server ({@code /api/v1/hits}): cheap to poll. */
  long count() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri().resolve("/api/v1/hits?query=*")).build(),
            HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher hits =
        java.util.regex.Pattern.compile("\"hits\":(\\d+)").matcher(response.body());
    if (response.statusCode() != 200 || !hits.find()) {
      throw new IOException("hits answered " + response.statusCode() + ": " + response.body());
    }
    return Long.parseLong(hits.group(1));
  }

  /** The message of every stored row. */
  List<String> messages() throws IOException, InterruptedException {
    return rows().stream().map(row -> row.get("_msg")).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
