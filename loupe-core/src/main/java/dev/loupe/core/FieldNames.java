package dev.loupe.core;

/** The names of the fields every record has; users see them in queries and results. */
public final class FieldNames {
  /** Nanoseconds since the epoch; printed as RFC 3339. */
  public static final String TIME = "_time";

  /** The message text. */
  public static final String MESSAGE = "_msg";

  /** The canonical stream label text, {@code {service="api"}}. */
  public static final String STREAM = "_stream";

  /** The 32-hex-digit stream id. */
  public static final String STREAM_ID = "_stream_id";

  /** The tenant the record belongs to. */
  public static final String TENANT = "_tenant";

  /**
   * The id of the line's pattern (its template), set by the ingest pipeline's pattern stage. Unlike
   * the names above it is stored as a field; like them, a client cannot set it: decoders drop it
   * and the stage overwrites it.
   */
  public static final String PATTERN = "_pattern";

  private FieldNames() {}

  /** True for fields only the ingest pipeline sets ({@link #PATTERN}): clients' are dropped. */
  public static boolean isPipelineSet(String name) {
    return PATTERN.equals(name);
  }

  /** True for the names every record has by construction; no record may carry them as fields. */
  public static boolean isDerived(String name) {
    return switch (name) {
      case TIME, MESSAGE, STREAM, STREAM_ID, TENANT -> true;
      default -> false;
    };
  }
}
