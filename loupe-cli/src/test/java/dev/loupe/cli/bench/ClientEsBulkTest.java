package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ClientEsBulkTest {
  private static final List<ProtocolLine> LINES =
      List.of(line("{\"_time\":\"t1\",\"_msg\":\"a\"}"), line("{\"ts\":\"t2\",\"msg\":\"b\"}"));

  private static final String EXPECTED =
      "{\"create\":{\"_index\":\"loupe-bench\"}}\n"
          + "{\"_time\":\"t1\",\"_msg\":\"a\"}\n"
          + "{\"create\":{\"_index\":\"loupe-bench\"}}\n"
          + "{\"ts\":\"t2\",\"msg\":\"b\"}\n";

  @Test
  void pairsACreateActionWithEachDocument() {
    WireBatch batch = new ClientEsBulk(false).encode(LINES);

    assertThat(batch.lines()).isEqualTo(2);
    assertThat(new String(batch.body(), StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
  }

  @Test
  void gzipBodiesHoldTheSamePairs() throws IOException {
    WireBatch batch = new ClientEsBulk(true).encode(LINES);

    try (GZIPInputStream input = new GZIPInputStream(new ByteArrayInputStream(batch.body()))) {
      assertThat(new String(input.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
    }
  }

  @Test
  void namesTheDataSetsTimeAndStreamFields() {
    assertThat(ClientEsBulk.PATH)
        .startsWith("/insert/elasticsearch/_bulk?")
        .contains("_time_field=_time,ts")
        .contains("_stream_fields=" + LoupeHttp.STREAM_FIELDS);
  }

  private static ProtocolLine line(String ndjson) {
    return new ProtocolLine(0, "raw", "s", "h", "app", ndjson);
  }
}
