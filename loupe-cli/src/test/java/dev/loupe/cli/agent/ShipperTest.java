package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against a real server on loopback, with segments written to a real spool. */
class ShipperTest {
  @TempDir Path directory;
  private RunningServer server;
  private Thread thread;
  private Shipper shipper;

  @AfterEach
  void stop() throws InterruptedException {
    if (shipper != null) {
      shipper.stop(Duration.ZERO);
      thread.join();
    }
    if (server != null) {
      server.close();
    }
  }

  private AgentSettings settings(URI uri) {
    return AgentSettings.builder(List.of("*"), uri, directory.resolve("agent"))
        .labels(Map.of("host", "h"))
        .pollInterval(Duration.ofMillis(10))
        .retry(Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  private Spool spool() throws IOException {
    return new Spool(directory.resolve("spool"), 1 << 20, 1);
  }

  private static byte[] body(String... messages) {
    BatchBuilder batch = new BatchBuilder(Map.of("host", "h", "source", "agent"));
    long time = 1_763_805_600_000_000_000L;
    for (String message : messages) {
      batch.add(new FileEvent(message, 0), "/var/log/app.log", time++);
    }
    return batch.finish();
  }

  private void startShipper(AgentSettings settings, Spool spool) {
    shipper = new Shipper(settings, spool, new Random(1));
    thread = Thread.ofPlatform().start(shipper);
  }

  @Test
  void theEndpointCarriesTheStreamFieldsAndKeepsAPathPrefix() {
    assertThat(Shipper.endpoint(settings(URI.create("http://logs:9280"))).toString())
        .isEqualTo("http://logs:9280/api/v1/ingest?_stream_fields=file%2Chost%2Csource");
    assertThat(Shipper.endpoint(settings(URI.create("https://proxy/loupe/"))).toString())
        .startsWith("https://proxy/loupe/api/v1/ingest?");
  }

  @Test
  void shipsSegmentsInOrderAndDeletesThemOnceAcknowledged() throws Exception {
    server = RunningServer.start(directory.resolve("server"));
    Spool spool = spool();
    Spool.Segment first = spool.write(1, body("one", "two"));
    spool.publish(first);
    spool.publish(spool.write(2, body("three")));
    startShipper(settings(server.uri()), spool);
    AgentTest.awaitCondition("both shipped", () -> shipper.batchesShipped() == 2);
    assertThat(shipper.linesShipped()).isEqualTo(3);
    assertThat(spool.segments()).isZero();
    assertThat(Files.exists(first.path())).isFalse();
    assertThat(server.messages()).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(server.rows().getFirst().get("_stream"))
        .isEqualTo("{file=\"/var/log/app.log\",host=\"h\",source=\"agent\"}");
  }

  @Test
  void aBatchTheServerRefusesLineByLineIsDroppedAndTheNextOneShipped() throws Exception {
    server =
        RunningServer.start(
            directory.resolve("server"), 0, new IngestLimits(1 << 20, 150, 100, 10));
    Spool spool = spool();
    spool.publish(spool.write(1, body("x".repeat(200), "y".repeat(200))));
    spool.publish(spool.write(2, body("fine")));
    startShipper(settings(server.uri()), spool);
    AgentTest.awaitCondition("both handled", () -> spool.segments() == 0);
    assertThat(shipper.batchesRefused()).isEqualTo(1);
    assertThat(shipper.linesRejected()).isEqualTo(2);
    assertThat(shipper.linesShipped()).isEqualTo(1);
    assertThat(server.messages()).containsExactly("fine");
  }

  @Test
  void aWrongUrlIsRetriedNotDropped() throws Exception {
    server = RunningServer.start(directory.resolve("server"));
    Spool spool = spool();
    spool.publish(spool.write(1, body("kept")));
    startShipper(settings(server.uri().resolve("/not-loupe/")), spool);
    AgentTest.awaitCondition("a few retries", () -> shipper.failedRequests() >= 3);
    assertThat(shipper.lastError()).startsWith("HTTP 404");
    assertThat(spool.segments()).isEqualTo(1);
  }

  @Test
  void anUnreachableServerIsRetriedAndAStopDoesNotWaitForIt() throws Exception {
    Spool spool = spool();
    spool.publish(spool.write(1, body("kept")));
    startShipper(settings(URI.create("http://127.0.0.1:" + RunningServer.freePort())), spool);
    AgentTest.awaitCondition("a few retries", () -> shipper.failedRequests() >= 3);
    assertThat(shipper.lastError()).contains("cannot connect");
    shipper.stop(Duration.ZERO);
    thread.join();
    assertThat(spool.segments()).as("left for the next start").isEqualTo(1);
  }

  @Test
  void rejectedLinesAreTracedToTheirFile() throws IOException {
    Spool spool = spool();
    Spool.Segment segment = spool.write(1, body("first", "second\nline"));
    assertThat(Shipper.lineOrigin(segment, 2)).isEqualTo("file /var/log/app.log \"second\\nline\"");
    assertThat(Shipper.lineOrigin(segment, 9)).isEqualTo("line 9");
  }
}
