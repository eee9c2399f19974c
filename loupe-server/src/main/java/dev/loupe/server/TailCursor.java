package dev.loupe.server;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;

/**
 * Where a live tail is: the WAL position of a batch and the index of a line in it, written {@code
 * position.index} (the SSE event id). A client that reconnects with it gets the lines after it.
 */
record TailCursor(long position, int index) {
  static TailCursor parse(String text) {
    int dot = text.indexOf('.');
    try {
      if (dot < 0) {
        return new TailCursor(Long.parseLong(text.trim()), Integer.MAX_VALUE);
      }
      return new TailCursor(
          Long.parseLong(text.substring(0, dot).trim()),
          Integer.parseInt(text.substring(dot + 1).trim()));
    } catch (NumberFormatException malformed) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "cannot read the tail cursor '"
              + text
              + "': send the id of the last event received (Last-Event-ID), like 1234.56");
    }
  }

  @Override
  public String toString() {
    return position + "." + index;
  }
}
