package dev.loupe.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench's client of the Loupe HTTP API on 127.0.0.1: ingest, query, hits, health, ready and the
 * admin flush. HTTP/1.1 on {@link HttpClient}, as a plain client would use it. One instance holds
 * one {@link HttpClient} (its own connections); the load client gives each of its clients an
 * instance. Thread-safe, but meant for one thread each.
 */
final class LoupeHttp {
  /** The fields that name a stream in the data set (see {@link DatasetGenerator}). */
  static final String STREAM_FIELDS = "service,host,source";

  /** Long enough for a 256 MB body on a busy 2-core machine; a stuck server still fails the run. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  /** Flush with merges rewrites all stored data once; 10 M lines take minutes on 2 cores. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The answer to an ingest request, timed from send to the full response. */
  record IngestAnswer(long accepted, long rejected, String firstError, long nanos) {}

  /**
   * The answer to a query: the {@code _msg} of each row, the status line's values (names such as
   * {@code _status.duration_ms}), and the client's wall time to the last byte.
   */
  record QueryAnswer(List<String> messages, Map<String, String> status, long nanos) {
    long rows() {
      return messages.size();
    }
  }

  /** The answer to {@code /api/v1/hits}: the count and the status values, timed. */
  record HitsAnswer(long hits, Map<String, String> status, long nanos) {}

  private final HttpClient client;
  private final String base;

  LoupeHttp(int port) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.base = "http://127.0.0.1:" + port;
  }

  /** True once {@code /ready} answers 200; false while the port is closed or it answers else. */
  boolean ready() throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri("/ready")).timeout(CONNECT_TIMEOUT).GET().build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  IngestAnswer ingest(byte[] ndjson) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                uri("/api/v1/ingest?_time_field=_time,ts&_stream_fields=" + encode(STREAM_FIELDS)))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
            .build();
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - started;
    if (response.statusCode() != 200 && response.statusCode() != 400) {
      throw failure("ingest", response);
    }
    Map<String, String> values = JsonFlat.parse(response.body());
    long rejected = JsonFlat.number(values, "rejected");
    String firstError = rejected > 0 ? firstErrorOf(response.body()) : null;
    return new IngestAnswer(JsonFlat.number(values, "accepted"), rejected, firstError, nanos);
  }

  /** Runs {@code query} over all time, or from {@code startEpochSeconds} when that is positive. */
  QueryAnswer query(String query, long startEpochSeconds, int limit)
      throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder("/api/v1/query?query=").append(encode(query));
    path.append("&limit=").append(limit);
    if (startEpochSeconds > 0) {
      path.append("&start=").append(startEpochSeconds);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri(path.toString())).timeout(REQUEST_TIMEOUT).GET().build();
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - started;
    if (response.statusCode() != 200) {
      throw failure("query", response);
    }
    List<String> messages = new ArrayList<>();
    Map<String, String> status = null;
    for (String line : response.body().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> values = JsonFlat.parse(line);
      if (line.startsWith("{\"_status\"")) {
        status = values;
      } else if (line.startsWith("{\"_error\"")) {
        throw new IOException("the query '" + query + "' failed on the server: " + line.strip());
      } else {
        messages.add(values.getOrDefault("_msg", ""));
      }
    }
    if (status == null) {
      throw new IOException("the query '" + query + "' ended without its status line");
    }
    return new QueryAnswer(messages, status, nanos);
  }

  /** Runs {@code query} over all time with {@code format=table}: for stats queries. */
  TableAnswer table(String query, int limit) throws IOException, InterruptedException {
    String path = "/api/v1/query?format=table&limit=" + limit + "&query=" + encode(query);
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build();
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - started;
    if (response.statusCode() != 200) {
      throw failure("query", response);
    }
    return TableAnswer.parse(response.body(), nanos);
  }

  HitsAnswer hits(String query) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/hits?query=" + encode(query)))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - started;
    if (response.statusCode() != 200) {
      throw failure("hits", response);
    }
    Map<String, String> values = JsonFlat.parse(response.body());
    return new HitsAnswer(JsonFlat.number(values, "hits"), values, nanos);
  }

  Map<String, String> health() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/health")).timeout(REQUEST_TIMEOUT).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw failure("health", response);
    }
    return JsonFlat.parse(response.body());
  }

  /** Flushes the memtable and, with {@code merge}, merges until nothing is left to merge. */
  Map<String, String> flush(boolean merge) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/admin/flush?merge=" + merge))
            .timeout(FLUSH_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw failure("admin flush", response);
    }
    return JsonFlat.parse(response.body());
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static IOException failure(String what, HttpResponse<String> response) {
    return new IOException(
        what
            + " answered HTTP "
            + response.statusCode()
            + " ("
            + response.request().uri().getPath()
            + "): "
            + JsonFlat.abbreviate(response.body()));
  }

  private static String firstErrorOf(String body) {
    int errors = body.indexOf("\"errors\"");
    return errors < 0 ? "(no reason given)" : JsonFlat.abbreviate(body.substring(errors));
  }
}
