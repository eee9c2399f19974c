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
 * @param maxEventLines a multi-line event ({@link MultilineJoiner}) holds at most this many lines;
 *     the next line starts a new event
 * @param maxEventBytes a multi-line event holds at most this many bytes (its lines and the {@code
 *     \n} between them); the next line starts a new event
 */
public record IngestLimits(
    long maxBodyBytes,
    int maxLineBytes,
    int maxFieldsPerRecord,
    int maxFirstErrors,
    int maxEventLines,
    int maxEventBytes) {

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
    if (maxEventLines < 1) {
      throw new IllegalArgumentException("maxEventLines must be positive: " + maxEventLines);
    }
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
  }

  /** With the default multi-line event limits. */
  public IngestLimits(
      long maxBodyBytes, int maxLineBytes, int maxFieldsPerRecord, int maxFirstErrors) {
    this(
        maxBodyBytes,
        maxLineBytes,
        maxFieldsPerRecord,
        maxFirstErrors,
        Limits.DEFAULT_MAX_EVENT_LINES,
        Limits.DEFAULT_MAX_EVENT_BYTES);
  }

  public static IngestLimits defaults() {
    return new IngestLimits(
        Limits.DEFAULT_MAX_BODY_BYTES,
        Limits.DEFAULT_MAX_LINE_BYTES,
        Limits.DEFAULT_MAX_FIELDS_PER_RECORD,
        Limits.DEFAULT_MAX_FIRST_ERRORS,
        Limits.DEFAULT_MAX_EVENT_LINES,
        Limits.DEFAULT_MAX_EVENT_BYTES);
  }

  /** These limits with other multi-line event limits. */
  public IngestLimits withEventLimits(int newMaxEventLines, int newMaxEventBytes) {
    return new IngestLimits(
        maxBodyBytes,
        maxLineBytes,
        maxFieldsPerRecord,
        maxFirstErrors,
        newMaxEventLines,
        newMaxEventBytes);
  }
}
