package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live tail over WebSocket with a real server and the JDK's WebSocket client. */
class TailSocketTest {
  /** A bound so that a broken tail fails the test instead of hanging it; not a speed target. */
  private static final long WAIT_SECONDS = 30;

  private static final Pattern ID = Pattern.compile("^\\{\"id\":\"(\\d+\\.\\d+)\",\"row\":\\{");

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

  private void ingest(String body) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  /** A tail socket; its whole text messages, then "closed CODE REASON", arrive in the queue. */
  private WebSocket tail(String query, BlockingQueue<String> messages) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/tail/ws?" + query);
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              messages.add(partial.toString());
              partial.setLength(0);
            }
            socket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            messages.add("closed " + status + " " + reason);
            return null;
          }
        };
    return client
        .newWebSocketBuilder()
        .buildAsync(uri, listener)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static String next(BlockingQueue<String> messages) throws Exception {
    String message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(message).as("a tail message").isNotNull();
    return message;
  }

  private static String idOf(String message) {
    Matcher id = ID.matcher(message);
    assertThat(id.find()).as("a line message: %s", message).isTrue();
    return id.group(1);
  }

  /**
   * The upgrade is answered before the subscription is made; a line ingested right away could be
   * missed. Waits until the tail sees a probe line (which matches every query used here).
   */
  private void awaitSubscribed(BlockingQueue<String> messages, String probe) throws Exception {
    while (true) {
      ingest("{\"_msg\":\"" + probe + "\"}\n");
      String message = messages.poll(200, TimeUnit.MILLISECONDS);
      if (message != null) {
        assertThat(message).contains(probe);
        messages.clear();
        return;
      }
    }
  }

  /** Closing a session stops its sender, which ends its subscription. */
  private void awaitNoTails() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (server.tailHub().subscriberCount() > 0) {
      assertThat(System.nanoTime()).as("tail ended after close").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void matchingLinesArriveAsMessagesAndAResumedTailMissesNothing() throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocket socket = tail("query=error", messages);
    awaitSubscribed(messages, "probe error");
    ingest(
        "{\"_msg\":\"disk error one\",\"host\":\"a\"}\n{\"_msg\":\"all fine\"}\n"
            + "{\"_msg\":\"network error two\"}\n");
    String first = next(messages);
    assertThat(first).contains("\"_msg\":\"disk error one\"", "\"host\":\"a\"");
    idOf(first);
    String second = next(messages);
    assertThat(second).contains("network error two");
    String lastSeen = idOf(second);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitNoTails();

    ingest("{\"_msg\":\"error three\"}\n{\"_msg\":\"fine again\"}\n{\"_msg\":\"error four\"}\n");
    BlockingQueue<String> resumed = new LinkedBlockingQueue<>();
    tail("query=error&cursor=" + lastSeen, resumed);
    assertThat(next(resumed)).contains("error three");
    assertThat(next(resumed)).contains("error four");
    ingest("{\"_msg\":\"error five\"}\n");
    assertThat(next(resumed)).contains("error five");
    assertThat(resumed.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aResumeBeyondTheKeptLinesIsAGapNotice() throws Exception {
    ingest("{\"_msg\":\"one\"}\n");
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    // A cursor before the oldest kept batch: the lines after it can no longer be replayed.
    tail("cursor=-5.0", messages);
    String notice = next(messages);
    assertThat(notice).startsWith("{\"event\":\"gap\"").contains("\"code\":\"NOT_FOUND\"");
  }

  @Test
  void badQueriesGetAnErrorMessageAndAClose() throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    tail("query=%28oops", messages);
    assertThat(next(messages))
        .startsWith("{\"event\":\"error\",\"error\":{")
        .contains("QUERY_SYNTAX", "\"position\"");
    assertThat(next(messages)).startsWith("closed 1008");
    assertThat(server.tailHub().subscriberCount()).isZero();
  }
}
