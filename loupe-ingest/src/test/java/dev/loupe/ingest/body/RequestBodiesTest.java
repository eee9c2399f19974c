package dev.loupe.ingest.body;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {
  private static final long LIMIT = 1 << 20;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd", "identity"})
  void roundTripsEveryEncoding(String encoding) throws IOException {
    byte[] body = sampleBody(300_000, 1);

    byte[] decoded = readAll(RequestBodies.open(encoded(encoding, body), encoding, LIMIT));

    assertThat(decoded).isEqualTo(body);
  }

  @Test
  void passesTheBodyThroughWithoutHeader() throws IOException {
    byte[] body = sampleBody(1000, 2);

    assertThat(readAll(RequestBodies.open(new ByteArrayInputStream(body), null, LIMIT)))
        .isEqualTo(body);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd"})
  void readsConcatenatedMembersOrFrames(String encoding) throws IOException {
    byte[] first = sampleBody(5000, 3);
    byte[] second = sampleBody(7000, 4);
    byte[] both = concat(readAll(encoded(encoding, first)), readAll(encoded(encoding, second)));

    byte[] decoded = readAll(RequestBodies.open(new ByteArrayInputStream(both), encoding, LIMIT));

    assertThat(decoded).isEqualTo(concat(first, second));
  }

  @Test
  void unknownEncodingIsBadRequestNamingTheSupportedOnes() {
    assertThatThrownBy(() -> RequestBodies.open(new ByteArrayInputStream(new byte[0]), "br", LIMIT))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(error.getMessage()).contains("\"br\"").contains("gzip, zstd, identity");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd"})
  void corruptBodyIsBadRequestNamingTheEncoding(String encoding) {
    byte[] garbage = sampleBody(1000, 5);

    assertBadRequest(encoding, garbage);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd"})
  void truncatedBodyIsBadRequestNamingTheEncoding(String encoding) throws IOException {
    byte[] compressed = readAll(encoded(encoding, sampleBody(100_000, 6)));

    assertBadRequest(encoding, Arrays.copyOf(compressed, compressed.length / 2));
  }

  @Test
  void flippedBitInGzipDataIsBadRequest() throws IOException {
    byte[] compressed = readAll(encoded("gzip", sampleBody(100_000, 7)));
    compressed[compressed.length - 6] ^= 0x10;

    assertBadRequest("gzip", compressed);
  }

  @Test
  void emptyGzipBodyIsBadRequest() {
    assertBadRequest("gzip", new byte[0]);
  }

  @Test
  void emptyIdentityBodyIsEmpty() throws IOException {
    assertThat(readAll(RequestBodies.open(new ByteArrayInputStream(new byte[0]), null, LIMIT)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd", "identity"})
  void bodyOfExactlyTheLimitPassesAndOneMoreByteIsTooLarge(String encoding) throws IOException {
    byte[] body = sampleBody(10_000, 8);

    assertThat(readAll(RequestBodies.open(encoded(encoding, body), encoding, body.length)))
        .isEqualTo(body);
    InputStream tooLarge = RequestBodies.open(encoded(encoding, body), encoding, body.length - 1);
    assertThatThrownBy(() -> readAll(tooLarge))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
              assertThat(error.getMessage())
                  .isEqualTo(
                      "request body is larger than 9999 bytes after decompression; send it in"
                          + " smaller requests or raise the body size limit");
            });
  }

  @Test
  void compressionBombStopsAtTheLimitWithoutInflatingEverything() throws IOException {
    // 16 gzip members of 64 MiB of zeros each: 1 GiB decompressed from about 1 MB.
    byte[] member = gzip(new byte[64 << 20]);
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    for (int copy = 0; copy < 16; copy++) {
      bomb.writeBytes(member);
    }
    InputStream body =
        RequestBodies.open(new ByteArrayInputStream(bomb.toByteArray()), "gzip", LIMIT);
    byte[] buffer = new byte[1 << 16];
    long read = 0;

    try {
      for (int count = body.read(buffer); count >= 0; count = body.read(buffer)) {
        read += count;
      }
      throw new AssertionError("a gigabyte passed a limit of a megabyte");
    } catch (LoupeException tooLarge) {
      assertThat(tooLarge.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    }
    assertThat(read).isEqualTo(LIMIT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd", "identity"})
  void failedReadOfTheConnectionStaysAnIoException(String encoding) throws IOException {
    byte[] compressed = readAll(encoded(encoding, sampleBody(100_000, 9)));
    IOException reset = new IOException("connection reset");
    InputStream failing = new FailingAfterInputStream(compressed, compressed.length / 3, reset);

    InputStream body = RequestBodies.open(failing, encoding, LIMIT);

    assertThatThrownBy(() -> readAll(body)).isSameAs(reset);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip", "zstd", "identity"})
  void reachingTheEndLeavesTheRawBodyOpenAndCloseClosesIt(String encoding) throws IOException {
    CountingInputStream raw =
        new CountingInputStream(readAll(encoded(encoding, sampleBody(50, 11))));
    InputStream body = RequestBodies.open(raw, encoding, LIMIT);

    assertThat(body.readAllBytes()).hasSize(50);
    assertThat(body.read()).isEqualTo(-1);
    assertThat(raw.closed).isFalse();
    body.close();
    body.close();

    assertThat(raw.closed).isTrue();
  }

  @Test
  void readsNothingBeforeTheFirstReadAndClosesTheRawBody() throws IOException {
    CountingInputStream raw = new CountingInputStream(readAll(encoded("gzip", sampleBody(10, 10))));

    InputStream body = RequestBodies.open(raw, "gzip", LIMIT);
    assertThat(raw.bytesRead).isZero();
    body.close();

    assertThat(raw.closed).isTrue();
  }

  @Test
  void singleByteReadsWorkAndCountAndTheLimitStaysExceeded() throws IOException {
    InputStream body = RequestBodies.open(new ByteArrayInputStream("ab".getBytes(UTF_8)), null, 1);

    assertThat(body.read()).isEqualTo('a');
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(body::read)
          .isInstanceOfSatisfying(
              LoupeException.class,
              error -> assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }
  }

  private static void assertBadRequest(String encoding, byte[] body) {
    InputStream opened = RequestBodies.open(new ByteArrayInputStream(body), encoding, LIMIT);

    assertThatThrownBy(() -> readAll(opened))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(error.getMessage())
                  .startsWith("request body is not valid " + encoding + " (")
                  .endsWith(
                      "compress the body with " + encoding + " or fix the content-encoding header");
            });
  }

  /** Lines of log-like text: compressible, like real bodies. */
  private static byte[] sampleBody(int bytes, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream body = new ByteArrayOutputStream(bytes + 100);
    while (body.size() < bytes) {
      String line = "{\"_msg\":\"request " + random.nextInt(1_000_000) + " served\"}\n";
      body.writeBytes(line.getBytes(UTF_8));
    }
    return Arrays.copyOf(body.toByteArray(), bytes);
  }

  private static InputStream encoded(String encoding, byte[] body) throws IOException {
    return new ByteArrayInputStream(
        switch (encoding) {
          case "gzip" -> gzip(body);
          case "zstd" -> Zstd.compress(body);
          default -> body;
        });
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 1 << 16)) {
      gzip.write(body);
    }
    return compressed.toByteArray();
  }

  private static byte[] readAll(InputStream stream) throws IOException {
    try (stream) {
      return stream.readAllBytes();
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** A connection that delivers some bytes, then fails as a reset connection does. */
  private static final class FailingAfterInputStream extends InputStream {
    private final ByteArrayInputStream delivered;
    private final IOException failure;

    FailingAfterInputStream(byte[] bytes, int deliveredBytes, IOException failure) {
      this.delivered = new ByteArrayInputStream(bytes, 0, deliveredBytes);
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      int value = delivered.read();
      if (value < 0) {
        throw failure;
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int count = delivered.read(buffer, offset, length);
      if (count < 0) {
        throw failure;
      }
      return count;
    }
  }

  private static final class CountingInputStream extends ByteArrayInputStream {
    private long bytesRead;
    private boolean closed;

    CountingInputStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read() {
      bytesRead++;
      return super.read();
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
      int count = super.read(buffer, offset, length);
      bytesRead += Math.max(count, 0);
      return count;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
