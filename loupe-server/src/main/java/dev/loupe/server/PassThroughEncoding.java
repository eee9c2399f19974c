package dev.loupe.server;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;
import java.util.NoSuchElementException;

/**
 * Tells Helidon to hand request bodies over exactly as they came. Loupe decodes {@code gzip} and
 * {@code zstd} itself ({@code RequestBodies}), with a limit on the decompressed size and a clear
 * error for encodings it does not know; Helidon would otherwise refuse any encoding it has no
 * provider for with an empty 400 (and, with decoding disabled, any body that has a {@code
 * Content-Encoding} at all). So decoding is "enabled" with a no-op decoder for every encoding.
 * Responses are sent uncompressed (loopback and LAN clients gain little from compression).
 */
final class PassThroughEncoding implements ContentEncodingContext {
  @Override
  public ContentEncodingContextConfig prototype() {
    return ContentEncodingContextConfig.create();
  }

  @Override
  public boolean contentEncodingEnabled() {
    return false;
  }

  @Override
  public boolean contentDecodingEnabled() {
    return true;
  }

  @Override
  public boolean contentEncodingSupported(String encodingId) {
    return false;
  }

  @Override
  public boolean contentDecodingSupported(String encodingId) {
    return true;
  }

  @Override
  public ContentEncoder encoder(String encodingId) {
    throw new NoSuchElementException("loupe sends responses uncompressed, not " + encodingId);
  }

  @Override
  public ContentDecoder decoder(String encodingId) {
    return ContentDecoder.NO_OP;
  }

  @Override
  public ContentEncoder encoder(Headers headers) {
    return ContentEncoder.NO_OP;
  }
}
