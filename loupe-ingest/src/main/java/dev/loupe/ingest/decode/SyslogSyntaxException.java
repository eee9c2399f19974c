package dev.loupe.ingest.decode;

/**
 * A syslog message that does not follow its RFC, with the 0-based byte position in the message
 * where parsing stopped. Thrown and caught inside the decoder only: it turns the message into a
 * plain-text record with the reason in a field, so nothing leaves the decoder. No stack trace (it
 * is an expected outcome of bad input, and must stay cheap).
 */
final class SyslogSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int position;
  private final String detail;

  SyslogSyntaxException(int position, String detail) {
    super("at byte " + position + ": " + detail, null, false, false);
    this.position = position;
    this.detail = detail;
  }

  /** 0-based byte offset from the start of the message (the {@code <} of the priority). */
  int position() {
    return position;
  }

  String detail() {
    return detail;
  }
}
