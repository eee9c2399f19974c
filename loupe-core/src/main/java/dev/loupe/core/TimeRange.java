package dev.loupe.core;

/**
 * A half-open range of time in nanoseconds since the epoch: {@code start <= t < end}.
 *
 * @param startNanos first instant included
 * @param endNanos first instant excluded
 */
public record TimeRange(long startNanos, long endNanos) {
  public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  public TimeRange {
    if (endNanos < startNanos) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "time range ends before it starts: start=" + startNanos + " end=" + endNanos);
    }
  }

  public boolean contains(long timeNanos) {
    return timeNanos >= startNanos && timeNanos < endNanos;
  }

  /** True when some instant of {@code [minNanos, maxNanos]} (both included) lies in this range. */
  public boolean overlaps(long minNanos, long maxNanos) {
    return startNanos < endNanos && maxNanos >= startNanos && minNanos < endNanos;
  }

  public TimeRange intersect(TimeRange other) {
    long start = Math.max(startNanos, other.startNanos);
    long end = Math.min(endNanos, other.endNanos);
    return new TimeRange(start, Math.max(start, end));
  }
}
