package dev.loupe.query.filter;

/**
 * What a block header tells about a filter before any row is read. Never wrong: {@link #NO_ROWS}
 * only when no row of the block can match, {@link #ALL_ROWS} only when every row does; {@link
 * #SOME_ROWS} when rows must be looked at. Bloom filters can only ever say {@code NO_ROWS} or
 * {@code SOME_ROWS}; time ranges and stream labels can also say {@code ALL_ROWS}.
 */
public enum BlockVerdict {
  /** The block can be skipped: no row matches. */
  NO_ROWS,
  /** Rows must be evaluated one by one. */
  SOME_ROWS,
  /** Every row matches: the rows need not be evaluated. */
  ALL_ROWS;

  /** Both must hold: skip if either skips. */
  public BlockVerdict and(BlockVerdict other) {
    if (this == NO_ROWS || other == NO_ROWS) {
      return NO_ROWS;
    }
    if (this == ALL_ROWS && other == ALL_ROWS) {
      return ALL_ROWS;
    }
    return SOME_ROWS;
  }

  /** Either may hold: skip only if both skip. */
  public BlockVerdict or(BlockVerdict other) {
    if (this == ALL_ROWS || other == ALL_ROWS) {
      return ALL_ROWS;
    }
    if (this == NO_ROWS && other == NO_ROWS) {
      return NO_ROWS;
    }
    return SOME_ROWS;
  }

  /**
   * The negation. {@code SOME_ROWS} stays {@code SOME_ROWS}: a bloom filter saying a token may be
   * present says nothing about the rows without it, which is why a negated word never skips.
   */
  public BlockVerdict not() {
    return switch (this) {
      case NO_ROWS -> ALL_ROWS;
      case ALL_ROWS -> NO_ROWS;
      case SOME_ROWS -> SOME_ROWS;
    };
  }
}
