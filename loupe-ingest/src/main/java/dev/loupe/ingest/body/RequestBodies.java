package dev.loupe.ingest.body;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;

/**
 * Opens a request body for a decoder. The returned stream:
 *
 * <ul>
 *   <li>undoes {@code gzip} (also {@code x-gzip}; concatenated members are read one after another)
 *       or {@code zstd} (concatenated frames likewise), or passes {@code identity} (or no header)
 *       through;
 *   <li>throws {@link dev.loupe.core.LoupeException} PAYLOAD_TOO_LARGE once more than {@code
 *       maxBodyBytes} decoded bytes have been read, never decompressing much beyond the limit;
 *   <li>throws LoupeException BAD_REQUEST, naming the encoding, for a corrupt or truncated
 *       compressed body;
 *   <li>throws a plain {@link java.io.IOException} when reading the raw body itself fails.
 * </ul>
 *
 * <p>Nothing is read before the first read. Close the returned stream when done: that closes {@code
 * raw}. Reaching the end of the body frees the decompressor's native memory already, but leaves
 * {@code raw} open. Like any InputStream, the result is for one thread at a time.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * @param contentEncoding the {@code Content-Encoding} header, or null
   * @throws dev.loupe.core.LoupeException BAD_REQUEST for an unsupported encoding, naming the
   *     supported ones
   */
  public static InputStream open(InputStream raw, String contentEncoding, long maxBodyBytes) {
    requireNonNull(raw, "raw is null");
    return new BodyInputStream(raw, ContentEncoding.parse(contentEncoding), maxBodyBytes);
  }
}
