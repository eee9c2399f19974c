package dev.loupe.query.pipe;

/**
 * {@code | head N} (also written {@code | limit N}): the first {@code N} rows. After the filters
 * alone it also caps how many rows the newest-first search looks for.
 *
 * @param count at least 1
 */
public record PipeHead(long count) implements Pipe {

  public PipeHead {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
  }
}
