package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise with a real process and real files: {@code kill -9} the server while
 * clients ingest as fast as they can, restart it, and find every acknowledged line exactly once.
 */
class ServeCommandKillTest {
  private static final int CLIENTS = 4;
  private static final int LINES_PER_BATCH = 100;
  private static final int MAX_BATCHES_PER_CLIENT = 90;
  private static final long KILL_AFTER_ACKNOWLEDGED_LINES = 8_000;
  private static final Pattern SEQUENCE = Pattern.compile("\"seq\":\"(\\d+)\"");

  @TempDir Path directory;
  private Process server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Process startServer(int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            LoupeCommand.class.getName(),
            "serve",
            "--port",
            Integer.toString(port),
            "--data",
            directory.resolve("data").toString(),
            "--min-free-disk-mb",
            "0");
    builder.redirectErrorStream(true);
    builder.redirectOutput(directory.resolve("server-" + System.nanoTime() + ".log").toFile());
    Process process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("server process exited during start").isTrue();
      try {
        HttpResponse<String> ready =
            http.send(request(port, "/ready").build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("server did not become ready within 60 s");
  }

  private static HttpRequest.Builder request(int port, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
  }

  @Test
  void everyAcknowledgedLineSurvivesKillDashNineExactlyOnce() throws Exception {
    int port = freePort();
    server = startServer(port);
    List<Set<Long>> acknowledged = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      acknowledged.add(ConcurrentHashMap.newKeySet());
    }
    AtomicLong acknowledgedLines = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      int id = client;
      running.add(
          clients.submit(
              () -> ingestUntilFailure(port, id, acknowledged.get(id), acknowledgedLines)));
    }
    while (acknowledgedLines.get() < KILL_AFTER_ACKNOWLEDGED_LINES
        && running.stream().anyMatch(f -> !f.isDone())) {
      Thread.sleep(5);
    }
    server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledgedLines.get()).isGreaterThanOrEqualTo(KILL_AFTER_ACKNOWLEDGED_LINES);

    server = startServer(port);
    for (int client = 0; client < CLIENTS; client++) {
      List<Long> stored = storedSequences(port, client);
      assertThat(new HashSet<>(stored))
          .as("client %d: no duplicates", client)
          .hasSameSizeAs(stored);
      assertThat(stored)
          .as("client %d: every acknowledged line", client)
          .containsAll(acknowledged.get(client));
    }
  }

  /** Sends batches until the server dies; records the sequence numbers of acknowledged lines. */
  private void ingestUntilFailure(int port, int client, Set<Long> acknowledged, AtomicLong total) {
    for (int batch = 0; batch < MAX_BATCHES_PER_CLIENT; batch++) {
      StringBuilder body = new StringBuilder();
      long first = (long) batch * LINES_PER_BATCH;
      for (long seq = first; seq < first + LINES_PER_BATCH; seq++) {
        body.append("{\"client\":\"c")
            .append(client)
            .append("\",\"seq\":\"")
            .append(seq)
            .append("\",\"_msg\":\"durability probe c")
            .append(client)
            .append(" line ")
            .append(seq)
            .append("\"}\n");
      }
      try {
        HttpResponse<String> response =
            http.send(
                request(port, "/api/v1/ingest?_stream_fields=client")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          return;
        }
      } catch (IOException | InterruptedException serverGone) {
        return;
      }
      for (long seq = first; seq < first + LINES_PER_BATCH; seq++) {
        acknowledged.add(seq);
      }
      total.addAndGet(LINES_PER_BATCH);
    }
  }

  private List<Long> storedSequences(int port, int client) throws Exception {
    String query =
        java.net.URLEncoder.encode("client:c" + client, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            request(port, "/api/v1/query?limit=10000&query=" + query).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<Long> sequences = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      Matcher matcher = SEQUENCE.matcher(line);
      if (matcher.find()) {
        sequences.add(Long.parseLong(matcher.group(1)));
      }
    }
    assertThat(sequences.size()).isLessThan(10_000);
    return sequences;
  }
}
