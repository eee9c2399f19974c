package dev.loupe.cli.bench;

/**
 * What to generate: {@code lines} lines from {@code seed}, with times spread over the {@code
 * windowNanos} before {@code endNanos} (the bench start, so that the data is recent). The same spec
 * always gives the same bytes.
 */
record DatasetSpec(long lines, long seed, long endNanos, long windowNanos) {
  /** Fewest lines: enough that the needle lines are spread over distinct chunks of the file. */
  static final long MIN_LINES = 1_000;

  DatasetSpec {
    if (lines < MIN_LINES) {
      throw new IllegalArgumentException(
          "the data set needs at least " + MIN_LINES + " lines, got " + lines);
    }
    if (windowNanos < lines) {
      throw new IllegalArgumentException(
          "the time window (" + windowNanos + " ns) must hold a distinct time for each line");
    }
  }
}
