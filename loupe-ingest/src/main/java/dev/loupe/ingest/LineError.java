package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

/**
 * Why one line of a body was rejected.
 *
 * @param line the 1-based line number in the (decompressed) body; empty lines count
 * @param reason lower case, says what was wrong and how to fix it
 */
public record LineError(long line, String reason) {
  public LineError {
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1: " + line);
    }
    requireNonNull(reason, "reason is null");
  }
}
