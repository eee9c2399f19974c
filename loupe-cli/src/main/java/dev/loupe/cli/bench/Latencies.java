package dev.loupe.cli.bench;

import java.util.Arrays;

/**
 * A summary of measured durations: count, min, median, p99, max, in nanoseconds. Percentiles use
 * the nearest-rank method (the smallest value with at least p % of the values at or below it), so
 * every figure is one that was measured, never an interpolation.
 */
record Latencies(int count, long minNanos, long p50Nanos, long p99Nanos, long maxNanos) {
  static final Latencies EMPTY = new Latencies(0, 0, 0, 0, 0);

  static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(
        sorted.length,
        sorted[0],
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** The nearest-rank {@code percent} percentile of {@code sorted} (ascending, not empty). */
  static long percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  boolean isEmpty() {
    return count == 0;
  }
}
