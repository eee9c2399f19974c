package dev.loupe.ingest.body;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The decoded request body: decompresses lazily (nothing is read until the first read), counts the
 * decoded bytes against the limit, and turns a decompressor's complaint into BAD_REQUEST while
 * letting a failed read of the connection through as the {@link IOException} it is.
 *
 * <p>Design note: each read asks the decompressor for at most one byte more than the remaining
 * allowance, so a small compressed body that inflates to gigabytes (a "zip bomb") costs no more
 * work than a body of exactly the limit. Not thread-safe, like every InputStream.
 */
final class BodyInputStream extends InputStream {
  private final InputStream raw;
  private final SourceInputStream source;
  private final ContentEncoding encoding;
  private final long maxBodyBytes;
  private InputStream decoded;
  private long bodyBytes;
  private boolean ended;
  private final byte[] singleByte = new byte[1];

  BodyInputStream(InputStream raw, ContentEncoding encoding, long maxBodyBytes) {
    this.raw = requireNonNull(raw, "raw is null");
    this.source = new SourceInputStream(raw);
    this.encoding = requireNonNull(encoding, "encoding is null");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public int read() throws IOException {
    int count;
    do {
      count = read(singleByte, 0, 1);
    } while (count == 0);
    return count < 0 ? -1 : singleByte[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (ended) {
      return -1;
    }
    if (bodyBytes > maxBodyBytes) {
      throw tooLarge();
    }
    long allowance = maxBodyBytes - bodyBytes + 1;
    int count = readDecoded(buffer, offset, (int) Math.min(length, allowance));
    if (count < 0) {
      endOfBody();
      return -1;
    }
    bodyBytes += count;
    if (bodyBytes > maxBodyBytes) {
      throw tooLarge();
    }
    return count;
  }

  /** Frees the decompressor and closes the raw body. */
  @Override
  public void close() throws IOException {
    ended = true;
    try (raw) {
      if (decoded != null) {
        decoded.close();
      }
    }
  }

  private int readDecoded(byte[] buffer, int offset, int length) throws IOException {
    try {
      if (decoded == null) {
        decoded = encoding.decoding(source);
      }
      return decoded.read(buffer, offset, length);
    } catch (IOException error) {
      if (source.failed()) {
        throw error;
      }
      throw corrupt(error);
    }
  }

  /** Frees the decompressor's native memory as soon as the body is consumed; raw stays open. */
  private void endOfBody() throws IOException {
    ended = true;
    if (decoded != null && encoding != ContentEncoding.IDENTITY) {
      decoded.close();
    }
  }

  private LoupeException tooLarge() {
    return new LoupeException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is larger than "
            + maxBodyBytes
            + " bytes after decompression; send it in smaller requests or raise the body size"
            + " limit");
  }

  private LoupeException corrupt(IOException error) {
    return new LoupeException(
        ErrorCode.BAD_REQUEST,
        "request body is not valid "
            + encoding.headerValue()
            + " ("
            + error.getMessage()
            + "); compress the body with "
            + encoding.headerValue()
            + " or fix the content-encoding header",
        error);
  }
}
