package dev.loupe.query.lang;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;

/**
 * Query text that does not parse. The message reads {@code "<problem> at position N: expected X,
 * found Y"}, sometimes followed by {@code "; <how to fix it>"}; {@link #position()} is the offset
 * (in UTF-16 characters, from 0) where the problem is, for a UI to underline.
 */
public final class QuerySyntaxException extends LoupeException {
  private static final long serialVersionUID = 1L;
  private final int position;

  QuerySyntaxException(int position, String problem, String expected, String found, String hint) {
    super(ErrorCode.QUERY_SYNTAX, message(position, problem, expected, found, hint));
    this.position = position;
  }

  /** Offset in the query text, from 0, where the problem is. */
  public int position() {
    return position;
  }

  private static String message(
      int position, String problem, String expected, String found, String hint) {
    String message =
        problem + " at position " + position + ": expected " + expected + ", found " + found;
    return hint == null ? message : message + "; " + hint;
  }
}
