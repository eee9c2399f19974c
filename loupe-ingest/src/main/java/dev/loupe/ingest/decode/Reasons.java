package dev.loupe.ingest.decode;

import dev.loupe.ingest.Limits;

/** Builds the reasons of line errors: bounded in length, quoting values safely. */
final class Reasons {
  private Reasons() {}

  /** {@code "value"}, cut at {@link Limits#MAX_VALUE_CHARS_IN_ERROR} with {@code ...}. */
  static String quote(String value) {
    int max = Limits.MAX_VALUE_CHARS_IN_ERROR;
    String shown = value.length() <= max ? value : value.substring(0, max) + "...";
    return '"' + shown + '"';
  }

  /** The reason cut at {@link Limits#MAX_REASON_CHARS}. */
  static String bounded(String reason) {
    int max = Limits.MAX_REASON_CHARS;
    return reason.length() <= max ? reason : reason.substring(0, max - 3) + "...";
  }

  static String lineTooLong(int maxLineBytes) {
    return "line is longer than " + maxLineBytes + " bytes; split it or raise the line size limit";
  }
}
