package dev.loupe.ingest.decode;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a body whole, for the formats that cannot be decoded as a stream of lines (a protobuf
 * message, a snappy block, one JSON document). Stateless.
 */
final class WholeBody {
  /** The JDK's practical limit on array length. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private WholeBody() {}

  /**
   * The bytes of {@code body} to its end.
   *
   * @throws LoupeException PAYLOAD_TOO_LARGE past {@code maxBodyBytes}, before reading much more
   */
  static byte[] read(InputStream body, long maxBodyBytes) throws IOException {
    int allowance = (int) Math.min(maxBodyBytes, MAX_ARRAY_BYTES);
    byte[] bytes = body.readNBytes(allowance);
    if (body.read() >= 0) {
      throw tooLarge(maxBodyBytes);
    }
    return bytes;
  }

  static LoupeException tooLarge(long maxBodyBytes) {
    return new LoupeException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is larger than "
            + maxBodyBytes
            + " bytes after decompression; send it in smaller requests or raise the body size"
            + " limit; nothing of it was stored");
  }
}
