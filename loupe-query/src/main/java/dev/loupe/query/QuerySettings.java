package dev.loupe.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one query may cost, set per server ({@code loupe serve --query-timeout, --query-memory,
 * --query-max-rows}). A query that would go past any of them fails with {@code LIMIT_EXCEEDED} and
 * a message naming the limit and how to narrow the query; it never runs the server out of memory.
 *
 * @param timeout how long a search, stats query or export may run; zero or more
 * @param memoryBytes the most heap one query may hold at once for its results in progress: rows
 *     kept for a newest-first search, sort and context buffers, stats groups and their states
 *     (distinct values, quantile samples). An estimate from the sizes of the values held, checked
 *     as they grow
 * @param maxRows the largest {@code limit} a search accepts, and the most rows a {@code sort} of
 *     search rows holds
 */
public record QuerySettings(Duration timeout, long memoryBytes, int maxRows) {

  public QuerySettings {
    requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    if (memoryBytes < QueryLimits.MIN_QUERY_MEMORY_BYTES) {
      throw new IllegalArgumentException(
          "memoryBytes must be at least "
              + QueryLimits.MIN_QUERY_MEMORY_BYTES
              + " (1 MiB): "
              + memoryBytes);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
    }
  }

  /** The defaults of {@link QueryLimits}: they run on a 2-core laptop with a 1 GB heap. */
  public static QuerySettings defaults() {
    return new QuerySettings(
        QueryLimits.DEFAULT_QUERY_TIMEOUT,
        QueryLimits.DEFAULT_QUERY_MEMORY_BYTES,
        QueryLimits.MAX_LIMIT);
  }

  public QuerySettings withTimeout(Duration newTimeout) {
    return new QuerySettings(newTimeout, memoryBytes, maxRows);
  }

  public QuerySettings withMemoryBytes(long newMemoryBytes) {
    return new QuerySettings(timeout, newMemoryBytes, maxRows);
  }

  public QuerySettings withMaxRows(int newMaxRows) {
    return new QuerySettings(timeout, memoryBytes, newMaxRows);
  }
}
