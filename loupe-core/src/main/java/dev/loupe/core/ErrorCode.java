package dev.loupe.core;

/** What went wrong, coarse enough for a client to act on; the HTTP status follows from it. */
public enum ErrorCode {
  /** The request is malformed: a bad parameter, an unparsable body. */
  BAD_REQUEST(400),
  /** The query text does not parse; the message gives the position. */
  QUERY_SYNTAX(400),
  /** A body, line or record is larger than a configured limit. */
  PAYLOAD_TOO_LARGE(413),
  /** A query would exceed its memory, row or time budget. */
  LIMIT_EXCEEDED(422),
  /** Unknown resource. */
  NOT_FOUND(404),
  /** The disk is full or over its configured budget: nothing was acknowledged. */
  INSUFFICIENT_STORAGE(507),
  /** The server is starting, stopping or overloaded; retry later. */
  UNAVAILABLE(503),
  /** Stored data failed a checksum or structural check. */
  CORRUPT_DATA(500),
  /** A bug or an I/O failure we cannot attribute to the caller. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
