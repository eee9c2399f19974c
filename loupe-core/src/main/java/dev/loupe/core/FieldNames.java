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

  private FieldNames() {}

  /** True for the names every record has by construction; no record may carry them as fields. */
  public static boolean isDerived(String name) {
    return switch (name) {
      case TIME, MESSAGE, STREAM, STREAM_ID, TENANT -> true;
      default -> false;
    };
  }
}
