package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live tail over Server-Sent Events with a real server and a real HTTP client. */
class TailHandlerTest {
  /** A bound so that a broken tail fails the test instead of hanging it; not a speed target. */
  private static final long WAIT_SECONDS = 30;

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private void ingest(String body) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/api/v1/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  /** Opens a tail; its lines arrive in the returned queue. */
  private CompletableFuture<HttpResponse<Stream<String>>> tail(
      String query, String lastEventId, BlockingQueue<String> lines) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/tail?query=" + query));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response -> {
              CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
              return response;
            });
  }

  /** Collects {@code count} data events (id and data) from the stream, skipping comments. */
  private static List<String[]> events(BlockingQueue<String> lines, int count) throws Exception {
    List<String[]> events = new ArrayList<>();
    String id = null;
    while (events.size() < count) {
      String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("tail event %d of %d", events.size() + 1, count).isNotNull();
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        events.add(new String[] {id, line.substring(6)});
      }
    }
    return events;
  }

  private static void awaitSubscribed(BlockingQueue<String> lines) throws Exception {
    String first = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(first).startsWith(": tail from ");
  }

  @Test
  void newMatchingLinesStreamAndAResumedTailMissesNothing() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    var connection = tail("error", null, lines).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(connection.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    awaitSubscribed(lines);
    ingest(
        "{\"_msg\":\"disk error one\"}\n{\"_msg\":\"all fine\"}\n{\"_msg\":\"network error two\"}\n");
    List<String[]> first = events(lines, 2);
    assertThat(first.get(0)[1]).contains("disk error one");
    assertThat(first.get(1)[1]).contains("network error two");
    String lastSeen = first.get(1)[0];
    connection.body().close();

    ingest("{\"_msg\":\"error three\"}\n{\"_msg\":\"fine again\"}\n{\"_msg\":\"error four\"}\n");
    BlockingQueue<String> resumedLines = new LinkedBlockingQueue<>();
    tail("error", lastSeen, resumedLines).get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitSubscribed(resumedLines);
    List<String[]> resumed = events(resumedLines, 2);
    assertThat(resumed.get(0)[1]).contains("error three");
    assertThat(resumed.get(1)[1]).contains("error four");
    ingest("{\"_msg\":\"error five\"}\n");
    assertThat(events(resumedLines, 1).get(0)[1]).contains("error five");
  }

  @Test
  void relativeTimeFiltersAreResolvedAgainstTheArrivalTime() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    tail("_time:5m", null, lines).get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitSubscribed(lines);
    ingest("{\"_time\":\"2001-01-01T00:00:00Z\",\"_msg\":\"ancient\"}\n{\"_msg\":\"fresh\"}\n");
    assertThat(events(lines, 1).get(0)[1]).contains("fresh");
  }

  @Test
  void badQueriesAreRefusedBeforeStreaming() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/api/v1/tail?query=%28oops")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("QUERY_SYNTAX", "\"position\"");
  }

  @Test
  void tailsPastTheCapAreRefusedAndAClosedTailFreesItsPlace() throws Exception {
    server.close();
    StorageConfig storage =
        StorageConfig.defaults(directory.resolve("capped"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2).withMaxTails(1),
            Clock.systemUTC());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    var open = tail("*", null, lines).get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitSubscribed(lines);

    HttpResponse<String> refused =
        client.send(
            HttpRequest.newBuilder(uri("/api/v1/tail?query=*")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("1 live tails are open", "--max-tails");

    open.body().close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (server.tailHub().subscriberCount() > 0 && System.nanoTime() < deadline) {
      // Each line makes the sender write; a write after the client's reset fails and ends it.
      ingest("{\"_msg\":\"wakes the sender, which finds its client gone\"}\n");
      Thread.sleep(20);
    }
    assertThat(server.tailHub().subscriberCount()).isZero();
    BlockingQueue<String> again = new LinkedBlockingQueue<>();
    tail("*", null, again).get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitSubscribed(again);
  }
}
