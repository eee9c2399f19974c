package dev.loupe.ingest.body;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The {@code Content-Encoding} values ingest accepts, and how to undo each. */
enum ContentEncoding {
  IDENTITY("identity"),
  GZIP("gzip"),
  ZSTD("zstd");

  private static final String SUPPORTED = "gzip, zstd, identity";

  /** GZIPInputStream's default of 512 bytes costs a native inflate call per half kilobyte. */
  private static final int GZIP_BUFFER_BYTES = 64 << 10;

  private final String headerValue;

  ContentEncoding(String headerValue) {
    this.headerValue = headerValue;
  }

  String headerValue() {
    return headerValue;
  }

  /**
   * The encoding named by a {@code Content-Encoding} header; null or blank is identity. Case and
   * surrounding blanks are ignored; {@code x-gzip} is gzip (RFC 9110, 8.4.1.3).
   *
   * @throws LoupeException BAD_REQUEST for any other value, naming the supported ones
   */
  static ContentEncoding parse(String header) {
    if (header == null || header.isBlank()) {
      return IDENTITY;
    }
    String name = header.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "identity" -> IDENTITY;
      case "gzip", "x-gzip" -> GZIP;
      case "zstd" -> ZSTD;
      default ->
          throw new LoupeException(
              ErrorCode.BAD_REQUEST,
              "unsupported content-encoding \""
                  + header.strip()
                  + "\"; send the body as one of: "
                  + SUPPORTED);
    };
  }

  /** A stream of the decoded bytes of {@code encoded}; may read (gzip reads its header). */
  InputStream decoding(InputStream encoded) throws IOException {
    return switch (this) {
      case IDENTITY -> encoded;
      case GZIP -> new GZIPInputStream(encoded, GZIP_BUFFER_BYTES);
      // The no-finalizer variant: native memory is freed on close, which BodyInputStream
      // guarantees at the end of the body; its buffers come from a recycling pool.
      case ZSTD -> new ZstdInputStreamNoFinalizer(encoded, RecyclingBufferPool.INSTANCE);
    };
  }
}
