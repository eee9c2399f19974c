package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
  private static List<String> lines(byte[] gzip) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void writesGzippedJsonLinesWithLabelsInNameOrder() throws IOException {
    BatchBuilder batch = new BatchBuilder(Map.of("source", "agent", "host", "web-1", "zone", "a"));
    batch.add(new FileEvent("GET /health 200", 16), "/var/log/app.log", 1_000);
    batch.add(new FileEvent("trace\n\tat x \"quoted\"", 40), "/var/log/app.log", 1_000);
    assertThat(batch.lines()).isEqualTo(2);
    long uncompressed = batch.uncompressedBytes();
    byte[] body = batch.finish();
    List<String> lines = lines(body);
    assertThat(lines)
        .containsExactly(
            "{\"_time\":1000,\"_msg\":\"GET /health 200\",\"file\":\"/var/log/app.log\","
                + "\"host\":\"web-1\",\"source\":\"agent\",\"zone\":\"a\"}",
            "{\"_time\":1001,\"_msg\":\"trace\\n\\tat x \\\"quoted\\\"\",\"file\":\"/var/log/app.log\","
                + "\"host\":\"web-1\",\"source\":\"agent\",\"zone\":\"a\"}");
    assertThat(uncompressed).isEqualTo(String.join("\n", lines).length() + 1);
    assertThat(batch.lines()).as("a new batch after finish").isZero();
  }

  @Test
  void timesStayIncreasingAcrossBatchesAndClockSteps() throws IOException {
    BatchBuilder batch = new BatchBuilder(Map.of());
    batch.add(new FileEvent("a", 2), "f", 5_000);
    lines(batch.finish());
    batch.add(new FileEvent("b", 4), "f", 4_000); // the clock stepped back
    assertThat(lines(batch.finish()))
        .containsExactly("{\"_time\":5001,\"_msg\":\"b\",\"file\":\"f\"}");
  }

  @Test
  void aUserFileLabelDoesNotDuplicateTheField() throws IOException {
    BatchBuilder batch = new BatchBuilder(Map.of("file", "ignored", "a", "1"));
    batch.add(new FileEvent("x", 2), "/real", 1);
    assertThat(lines(batch.finish()))
        .containsExactly("{\"_time\":1,\"_msg\":\"x\",\"a\":\"1\",\"file\":\"/real\"}");
  }
}
