package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Prints how many documents a second {@link DecoderEsBulk} decodes on one core, for the same
 * ~200-byte lines as {@link DecoderJsonLinesRateTest} each behind a Filebeat-style {@code create}
 * action; asserts only that every document was decoded, never a speed. The target for the
 * whole ES bulk path is 200k lines/s. Run alone for a figure: {@code ./mvnw -pl loupe-ingest test
 * -Dtest=DecoderEsBulkRateTest -Dloupe.rate.lines=1000000}. With {@code
 * -Dloupe.rate.file=bench-data/data.ndjson} the documents are that file's first lines instead (the
 * data set of {@code loupe bench}, as its {@code es-bulk} protocol sends them); {@code
 * -Dloupe.rate.rounds=N} runs more rounds, so that the best one is fully compiled.
 */
class DecoderEsBulkRateTest {
  private static final int DOCUMENTS = Integer.getInteger("loupe.rate.lines", 50_000);
  private static final int ROUNDS = Integer.getInteger("loupe.rate.rounds", 3);
  private static final String FILE = System.getProperty("loupe.rate.file");

  @Test
  void printsDecodeRateOfFilebeatStyleBodies() throws IOException {
    byte[] body = FILE == null ? bulkBody(DOCUMENTS) : bulkBody(Path.of(FILE), DOCUMENTS);
    IngestLimits defaults = IngestLimits.defaults();
    IngestLimits limits =
        new IngestLimits(
            Math.max(defaults.maxBodyBytes(), body.length),
            defaults.maxLineBytes(),
            defaults.maxFieldsPerRecord(),
            defaults.maxFirstErrors());
    DecoderEsBulk decoder = new DecoderEsBulk(limits, new StreamCache());
    IngestParameters parameters =
        IngestParameters.defaults(1_700_000_000_000_000_000L)
            .withStreamFields(FILE == null ? List.of() : List.of("service", "host", "source"))
            .withTimeFields(
                FILE == null ? DecoderEsBulk.DEFAULT_TIME_FIELDS : List.of("_time", "ts"))
            .withMessageFields(DecoderEsBulk.DEFAULT_MESSAGE_FIELDS);
    // Process CPU time is steadier than wall time on a shared machine.
    com.sun.management.OperatingSystemMXBean system =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double best = 0;
    double bestPerCpuSecond = 0;
    for (int round = 0; round < ROUNDS; round++) {
      AtomicLong records = new AtomicLong();
      long cpuBefore = system.getProcessCpuTime();
      long start = System.nanoTime();
      BulkResult result =
          decoder.decodeBulk(
              new ByteArrayInputStream(body),
              parameters,
              null,
              batch -> records.addAndGet(batch.size()));
      long elapsed = System.nanoTime() - start;
      long cpu = system.getProcessCpuTime() - cpuBefore;
      bestPerCpuSecond = Math.max(bestPerCpuSecond, DOCUMENTS * 1e9 / cpu);
      assertThat(result.summary().accepted()).isEqualTo(DOCUMENTS);
      assertThat(result.items()).hasSize(DOCUMENTS);
      assertThat(records.get()).isEqualTo(DOCUMENTS);
      best = Math.max(best, DOCUMENTS * 1e9 / elapsed);
    }
    System.out.printf(
        Locale.ROOT,
        "DecoderEsBulk: %,.0f documents/s, %.0f MB/s of body on one core (%d documents, best of"
            + " %d rounds), %,.0f documents a second of process cpu time (%.0f ns a document)%n",
        best,
        best * body.length / DOCUMENTS / 1e6,
        DOCUMENTS,
        ROUNDS,
        bestPerCpuSecond,
        1e9 / bestPerCpuSecond);
  }

  /**
   * The first {@code documents} lines of a file of JSON lines, each behind the action line of
   * {@code loupe bench}'s es-bulk client, with the stream and time fields it sends.
   */
  static byte[] bulkBody(Path file, int documents) throws IOException {
    String action = "{\"create\":{\"_index\":\"loupe-bench\"}}\n";
    StringBuilder body = new StringBuilder();
    try (java.io.BufferedReader reader = Files.newBufferedReader(file)) {
      String line;
      for (int count = 0; count < documents && (line = reader.readLine()) != null; count++) {
        body.append(action).append(line).append('\n');
      }
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bulkBody(int documents) {
    byte[] lines = DecoderJsonLinesRateTest.typicalBody(documents);
    String action = "{\"create\":{\"_index\":\"filebeat-8.19.0\"}}\n";
    StringBuilder body = new StringBuilder(lines.length + documents * action.length());
    for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
      body.append(action).append(line).append('\n');
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
