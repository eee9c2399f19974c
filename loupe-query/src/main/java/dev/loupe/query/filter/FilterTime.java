package dev.loupe.query.filter;

import dev.loupe.core.TimeRange;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/**
 * {@code _time} lies in a range; written {@code _time:[start, end)} with RFC 3339 times, either
 * bracket open or closed. The bounds are kept as written so the query prints back the same; {@link
 * #range()} is the equivalent half-open range. Decided per block from its time range whenever the
 * block lies wholly inside or outside; the executor also intersects a top-level time filter with
 * the requested range, so blocks outside are never even listed.
 *
 * @param startNanos the start, nanoseconds since the epoch
 * @param startInclusive {@code [} (true) or {@code (} (false)
 * @param endNanos the end, nanoseconds since the epoch
 * @param endInclusive {@code ]} (true) or {@code )} (false)
 */
public record FilterTime(
    long startNanos, boolean startInclusive, long endNanos, boolean endInclusive)
    implements Filter {

  public FilterTime {
    if (firstIncluded(startNanos, startInclusive) >= firstExcluded(endNanos, endInclusive)) {
      throw new IllegalArgumentException(
          "time range is empty: start=" + startNanos + " end=" + endNanos);
    }
  }

  /** {@code [start, end)}, the usual form. */
  public static FilterTime of(TimeRange range) {
    return new FilterTime(range.startNanos(), true, range.endNanos(), false);
  }

  /** The same range, half-open: {@code start <= t < end}. */
  public TimeRange range() {
    return new TimeRange(
        firstIncluded(startNanos, startInclusive), firstExcluded(endNanos, endInclusive));
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    long first = firstIncluded(startNanos, startInclusive);
    long end = firstExcluded(endNanos, endInclusive);
    if (block.maxTimeNanos() < first || block.minTimeNanos() >= end) {
      return BlockVerdict.NO_ROWS;
    }
    if (block.minTimeNanos() >= first && block.maxTimeNanos() < end) {
      return BlockVerdict.ALL_ROWS;
    }
    return BlockVerdict.SOME_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    long time = block.timeNanos(row);
    return time >= firstIncluded(startNanos, startInclusive)
        && time < firstExcluded(endNanos, endInclusive);
  }

  @Override
  public void collectColumns(Set<String> columns) {
    // _time is always decoded.
  }

  // Saturating: a long cannot hold an instant past Long.MAX_VALUE nanoseconds (year 2262) anyway.
  private static long firstIncluded(long start, boolean inclusive) {
    return inclusive || start == Long.MAX_VALUE ? start : start + 1;
  }

  private static long firstExcluded(long end, boolean inclusive) {
    return !inclusive || end == Long.MAX_VALUE ? end : end + 1;
  }
}
