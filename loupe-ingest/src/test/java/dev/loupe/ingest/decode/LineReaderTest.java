package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineReaderTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          'a\\nb\\nc\\n'      | 1:a 2:b 3:c
          'a\\nb\\nc'         | 1:a 2:b 3:c
          'a\\r\\nb\\r\\n'    | 1:a 2:b
          '\\n\\na\\n\\n'     | 3:a
          '\\r\\n\\r\\nx'     | 3:x
          'a\\rb\\n'          | '1:a\\rb'
          'a\\r\\r\\n'        | '1:a\\r'
          ' \\n'              | '1: '
          ''                  | ''
          """)
  void splitsOnNewlinesCountingEmptyLines(String escapedBody, String expected) throws IOException {
    String body = escapedBody.translateEscapes();

    List<String> lines = read(body.getBytes(UTF_8), 1 << 20, 1 << 20);

    assertThat(String.join(" ", lines)).isEqualTo(expected.translateEscapes());
  }

  @Property
  void chunkBoundariesDoNotChangeTheLines(
      @ForAll @Chars({'a', 'b', '\n', '\r', '\u00e9'}) @StringLength(max = 300) String text,
      @ForAll @IntRange(min = 1, max = 40) int chunkBytes,
      @ForAll @IntRange(min = 1, max = 30) int maxLineBytes)
      throws IOException {
    byte[] body = text.getBytes(UTF_8);
    List<String> whole = read(new ByteArrayInputStream(body), 1 << 20, maxLineBytes);

    List<String> chunked = read(new ChunkedInputStream(body, chunkBytes), 1 << 20, maxLineBytes);

    assertThat(chunked).isEqualTo(whole);
  }

  @Test
  void lineOfExactlyTheLimitPassesAndOneMoreByteDoesNot() throws IOException {
    String atLimit = "y".repeat(10);

    List<String> lines =
        read(
            (atLimit + "\n" + atLimit + "\r\n" + atLimit + "z\n" + atLimit + "z").getBytes(UTF_8),
            1000,
            10);

    assertThat(lines).containsExactly("1:" + atLimit, "2:" + atLimit, "3:TOO LONG", "4:TOO LONG");
  }

  @Test
  void skipsEndlessLineWithoutBufferingIt() throws IOException {
    InputStream endlessThenShort =
        new java.io.SequenceInputStream(
            new RepeatingInputStream((byte) 'x', 50L << 20),
            new ByteArrayInputStream("\nshort\n".getBytes(UTF_8)));

    List<String> lines = read(endlessThenShort, Long.MAX_VALUE, 1 << 20);

    assertThat(lines).containsExactly("1:TOO LONG", "2:short");
  }

  @Test
  void growsTheBufferForLinesLongerThanOneRead() throws IOException {
    String longLine = "0123456789".repeat(20_000);

    List<String> lines =
        read(
            new ChunkedInputStream(("a\n" + longLine + "\nb").getBytes(UTF_8), 5000),
            1 << 30,
            200_000);

    assertThat(lines).containsExactly("1:a", "2:" + longLine, "3:b");
  }

  @Test
  void bodyOfExactlyTheLimitPassesAndOneMoreByteThrows() throws IOException {
    byte[] body = "abc\ndef\n".getBytes(UTF_8);
    assertThat(read(body, body.length, 100)).containsExactly("1:abc", "2:def");

    LineReader reader =
        new LineReader(new ByteArrayInputStream(body), body.length - 1, 100, () -> 7);

    assertThatThrownBy(() -> reader.readAll(new Recorder()))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
              assertThat(error.getMessage())
                  .isEqualTo(
                      "request body is larger than 7 bytes after decompression; send it in smaller"
                          + " requests or raise the body size limit; the 7 records handed to"
                          + " storage before the limit are stored, the rest of the body was not"
                          + " read");
            });
  }

  @Test
  void addsStoredCountToTheBodyStreamsOwnSizeError() {
    LoupeException fromStream = new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, "too big upstream");
    LineReader reader = new LineReader(new ThrowingInputStream(fromStream), 1000, 100, () -> 3);

    assertThatThrownBy(() -> reader.readAll(new Recorder()))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
              assertThat(error.getMessage()).startsWith("too big upstream; the 3 records");
              assertThat(error.getCause()).isSameAs(fromStream);
            });
  }

  @Test
  void passesOtherBodyErrorsThroughUnchanged() {
    LoupeException corrupt = new LoupeException(ErrorCode.BAD_REQUEST, "not gzip");
    LineReader reader = new LineReader(new ThrowingInputStream(corrupt), 1000, 100, () -> 0);

    assertThatThrownBy(() -> reader.readAll(new Recorder())).isSameAs(corrupt);
  }

  private static List<String> read(byte[] body, long maxBodyBytes, int maxLineBytes)
      throws IOException {
    return read(new ByteArrayInputStream(body), maxBodyBytes, maxLineBytes);
  }

  /** Each line as "number:text", a too-long line as "number:TOO LONG". */
  private static List<String> read(InputStream body, long maxBodyBytes, int maxLineBytes)
      throws IOException {
    Recorder recorder = new Recorder();
    new LineReader(body, maxBodyBytes, maxLineBytes, () -> 0).readAll(recorder);
    return recorder.seen;
  }

  private static final class Recorder implements LineReader.LineConsumer {
    private final List<String> seen = new ArrayList<>();

    @Override
    public void line(byte[] bytes, int offset, int length, long lineNumber) {
      seen.add(lineNumber + ":" + new String(bytes, offset, length, UTF_8));
    }

    @Override
    public void lineTooLong(long lineNumber) {
      seen.add(lineNumber + ":TOO LONG");
    }
  }

  /** {@code count} copies of one byte, without holding them in memory. */
  private static final class RepeatingInputStream extends InputStream {
    private final byte value;
    private long remaining;

    RepeatingInputStream(byte value, long count) {
      this.value = value;
      this.remaining = count;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(length, remaining);
      java.util.Arrays.fill(buffer, offset, offset + count, value);
      remaining -= count;
      return count;
    }
  }

  private static final class ThrowingInputStream extends InputStream {
    private final RuntimeException error;

    ThrowingInputStream(RuntimeException error) {
      this.error = error;
    }

    @Override
    public int read() {
      throw error;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      throw error;
    }
  }
}
