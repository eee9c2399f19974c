package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.server.SyslogConfig;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each protocol client against a real in-process server: the data set's lines go out in the
 * protocol's wire format, and the load returns only once the server counts every one of them.
 * Counts, never speed. Kafka is in {@code ClientKafkaTest}, which needs a broker.
 */
class ProtocolLoadTest {
  private static final long LINES = DatasetSpec.MIN_LINES;
  private static final int BATCH_LINES = 128;

  @TempDir static Path dataset;
  @TempDir Path data;

  @BeforeAll
  static void generate() throws IOException {
    long end = 1_795_341_600_000_000_000L;
    new DatasetGenerator(new DatasetSpec(LINES, 7, end, Duration.ofHours(1).toNanos()))
        .writeFiles(raw(), ndjson(), 1, Progress.Factory.NONE);
  }

  @Test
  void syslogOverTcpStoresEveryLine() throws Exception {
    try (LoupeServer server = start(SyslogConfig.disabled().withTcpPort(0))) {
      assertEveryLineVisible(server, new ClientSyslogTcp(server.syslogTcpPort()));
    }
  }

  @Test
  void otlpOverHttpStoresEveryLine() throws Exception {
    try (LoupeServer server = start(SyslogConfig.disabled())) {
      assertEveryLineVisible(server, new ClientOtlpHttp());
    }
  }

  @Test
  void elasticsearchBulkStoresEveryLinePlainAndGzip() throws Exception {
    try (LoupeServer server = start(SyslogConfig.disabled())) {
      assertEveryLineVisible(server, new ClientEsBulk(true));
    }
    try (LoupeServer server = start(SyslogConfig.disabled())) {
      assertEveryLineVisible(server, new ClientEsBulk(false));
    }
  }

  private void assertEveryLineVisible(LoupeServer server, ProtocolClient client)
      throws IOException, InterruptedException {
    List<WireBatch> batches = ProtocolPhase.encode(client, ndjson(), raw(), LINES, BATCH_LINES);
    LoupeHttp http = new LoupeHttp(server.port());
    ProtocolLoad load =
        new ProtocolLoad(client, batches, 3, server.port(), http, Duration.ofSeconds(30));

    ProtocolLoad.Timing timing = load.run(Progress.NONE);

    assertThat(batches).hasSize((int) ((LINES + BATCH_LINES - 1) / BATCH_LINES));
    assertThat(timing.acknowledgedLines()).isEqualTo(LINES);
    assertThat(http.hits("*").hits()).isEqualTo(LINES);
    assertThat(timing.visibleNanos()).isGreaterThanOrEqualTo(timing.acknowledgedNanos());
  }

  private LoupeServer start(SyslogConfig syslog) {
    StorageConfig storage = StorageConfig.defaults(data.resolve("d" + System.nanoTime()));
    return LoupeServer.start(
        new ServerConfig(
                "127.0.0.1", 0, storage.withMinFreeDiskBytes(0), IngestLimits.defaults(), 2)
            .withSyslog(syslog),
        Clock.systemUTC());
  }

  private static Path raw() {
    return dataset.resolve("raw.log");
  }

  private static Path ndjson() {
    return dataset.resolve("data.ndjson");
  }
}
