package dev.loupe.query.pipe;

import dev.loupe.query.QueryLimits;

/**
 * {@code | context before N after M}: each hit of the query with the {@code N} rows before it and
 * the {@code M} rows after it in its own stream, by time, like {@code grep -B N -A M}. Only as the
 * first pipe: the neighbours are rows of the stored stream, which only the hits themselves (not
 * rows a pipe has changed) can be placed among.
 *
 * @param before rows before each hit, 0 to {@link QueryLimits#MAX_CONTEXT_ROWS}
 * @param after rows after each hit, 0 to {@link QueryLimits#MAX_CONTEXT_ROWS}
 */
public record PipeContext(int before, int after) implements Pipe {

  /** The field each row of the result gets: {@link #BEFORE}, {@link #HIT} or {@link #AFTER}. */
  public static final String FIELD = "_context";

  public static final String BEFORE = "before";
  public static final String HIT = "hit";
  public static final String AFTER = "after";

  public PipeContext {
    if (before < 0 || before > QueryLimits.MAX_CONTEXT_ROWS) {
      throw new IllegalArgumentException("before out of range: " + before);
    }
    if (after < 0 || after > QueryLimits.MAX_CONTEXT_ROWS) {
      throw new IllegalArgumentException("after out of range: " + after);
    }
  }
}
