package dev.loupe.core;

import static java.util.Objects.requireNonNull;

/**
 * The one exception family of Loupe. Messages are lower case and say what was wrong, where, and how
 * to fix it; the {@link ErrorCode} decides the HTTP status.
 */
public class LoupeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public LoupeException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public LoupeException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
