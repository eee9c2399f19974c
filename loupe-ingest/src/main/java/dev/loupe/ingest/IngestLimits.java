package dev.loupe.ingest;

/**
 * The limits one ingest request is held to; {@link #defaults()} runs on a 2-core laptop. See {@link
 * Limits} for why each default is what it is.
 *
 * @param maxBodyBytes the body may hold at most this many bytes after decompression; beyond it the
 *     request fails with {@code PAYLOAD_TOO_LARGE}
 * @param maxLineBytes a longer line is rejected (the others are kept); the line terminator does not
 *     count
 * @param maxFieldsPerRecord a record with more fields after flattening is rejected
 * @param maxFirstErrors at most this many line errors are reported back; all are counted
 */
public record IngestLimits(
    long maxBodyBytes, int maxLineBytes, int maxFieldsPerRecord, int maxFirstErrors) {

  /** Leaves room in a Java array for the line, its terminator and the JVM's array header. */
  private static final int MAX_LINE_BYTES_CEILING = Integer.MAX_VALUE - 16;

  public IngestLimits {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    if (maxLineBytes < 1 || maxLineBytes > MAX_LINE_BYTES_CEILING) {
      throw new IllegalArgumentException(
          "maxLineBytes must be between 1 and " + MAX_LINE_BYTES_CEILING + ": " + maxLineBytes);
    }
    if (maxFieldsPerRecord < 1) {
      throw new IllegalArgumentException(
          "maxFieldsPerRecord must be positive: " + maxFieldsPerRecord);
    }
    if (maxFirstErrors < 0) {
      throw new IllegalArgumentException("maxFirstErrors must not be negative: " + maxFirstErrors);
    }
  }

  public static IngestLimits defaults() {
    return new IngestLimits(
        Limits.DEFAULT_MAX_BODY_BYTES,
        Limits.DEFAULT_MAX_LINE_BYTES,
        Limits.DEFAULT_MAX_FIELDS_PER_RECORD,
        Limits.DEFAULT_MAX_FIRST_ERRORS);
  }
}
