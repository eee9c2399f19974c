package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReaderTest {
  @Test
  void cutsWholeLinesIntoBatches() throws IOException {
    List<BatchReader.Batch> batches = readAll("a\nbb\nccc\ndddd\neeeee\n", 2);

    assertThat(texts(batches)).containsExactly("a\nbb\n", "ccc\ndddd\n", "eeeee\n");
    assertThat(batches).extracting(BatchReader.Batch::lines).containsExactly(2, 2, 1);
  }

  @Test
  void countsALastLineWithoutNewline() throws IOException {
    List<BatchReader.Batch> batches = readAll("a\nb", 10);

    assertThat(texts(batches)).containsExactly("a\nb");
    assertThat(batches.getFirst().lines()).isEqualTo(2);
  }

  @Test
  void emptyInputHasNoBatch() throws IOException {
    assertThat(readAll("", 3)).isEmpty();
  }

  @Test
  void linesLongerThanTheReadBufferStayWhole() throws IOException {
    String longLine = "x".repeat(3 << 20);
    String input = "short\n" + longLine + "\nlast\n";

    List<BatchReader.Batch> batches = readAll(input, 1);

    assertThat(texts(batches)).containsExactly("short\n", longLine + "\n", "last\n");
  }

  @Test
  void survivesShortReads() throws IOException {
    byte[] bytes = "one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII);
    InputStream trickle =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, Math.min(length, 3));
          }
        };
    BatchReader reader = new BatchReader(trickle, 2);

    assertThat(text(reader.next())).isEqualTo("one\ntwo\n");
    assertThat(text(reader.next())).isEqualTo("three\n");
    assertThat(reader.next()).isNull();
  }

  private static List<BatchReader.Batch> readAll(String input, int linesPerBatch)
      throws IOException {
    BatchReader reader =
        new BatchReader(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)), linesPerBatch);
    List<BatchReader.Batch> batches = new ArrayList<>();
    BatchReader.Batch batch;
    while ((batch = reader.next()) != null) {
      batches.add(batch);
    }
    return batches;
  }

  private static List<String> texts(List<BatchReader.Batch> batches) {
    return batches.stream().map(BatchReaderTest::text).toList();
  }

  private static String text(BatchReader.Batch batch) {
    return new String(batch.body(), StandardCharsets.US_ASCII);
  }
}
