package dev.loupe.query.exec;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap one query may hold for its results in progress, and what it holds now.
 *
 * <p>Design note. Each place that keeps data until the query ends (rows kept by a newest-first
 * search, sort and context buffers, stats groups and their states) reserves an estimate of its
 * bytes here as it grows, and releases it when it lets go. A reservation past the budget fails the
 * query with {@code LIMIT_EXCEEDED}, naming what was being held and how to narrow the query. This
 * is the approach of query engines with per-query memory pools (Trino, ClickHouse's {@code
 * max_memory_usage}): an accounting of the big holders, not a measurement of the heap, so it costs
 * an addition per value and can be wrong by the overhead of small objects; the estimates below
 * count the JVM's object headers and references to stay on the safe side. Decoded blocks are not
 * counted: at most {@code BLOCKS_IN_FLIGHT_PER_THREAD} per thread are alive, whatever the query.
 *
 * <p>Thread-safe: workers reserve concurrently (in batches, see {@code
 * QueryLimits.MEMORY_CHARGE_BATCH_BYTES}).
 */
final class MemoryBudget {
  /** Header and fields of a String plus its array header (compressed oops). */
  private static final long STRING_OVERHEAD = 56;

  /** A Field record plus its slot in the list. */
  private static final long FIELD_OVERHEAD = 24;

  /** A ResultRow, its list and a tree or list node that holds it. */
  private static final long ROW_OVERHEAD = 96;

  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  MemoryBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes must be positive: " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /** A budget no query reaches: for internal scans that are bounded otherwise. */
  static MemoryBudget unlimited() {
    return new MemoryBudget(Long.MAX_VALUE);
  }

  /**
   * Takes {@code bytes} from the budget, or fails the query when that would go past it.
   *
   * @param holding what the bytes are for, for the error message ("rows to sort")
   * @throws LoupeException {@code LIMIT_EXCEEDED}; the bytes are then not taken
   */
  void reserve(long bytes, String holding) {
    long now = used.addAndGet(bytes);
    if (now > limitBytes && bytes > 0) {
      used.addAndGet(-bytes);
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          "the query needs more than its memory budget of "
              + mebibytes(limitBytes)
              + " MiB while holding "
              + holding
              + "; narrow the time range or add filters, ask for fewer rows, group by fewer"
              + " fields or a larger time bin, or raise the budget (loupe serve --query-memory-mb)");
    }
    peak.accumulateAndGet(now, Math::max);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long usedBytes() {
    return used.get();
  }

  /** The most held at once; reported by {@code explain}-style diagnostics and tests. */
  long peakBytes() {
    return peak.get();
  }

  long limitBytes() {
    return limitBytes;
  }

  /** An estimate of the heap a materialized row holds. */
  static long bytesOf(ResultRow row) {
    long bytes = ROW_OVERHEAD;
    for (Field field : row.fields()) {
      bytes += FIELD_OVERHEAD + bytesOf(field.value());
      // Names come from block column names, shared by every row of a block: not counted per row.
    }
    return bytes;
  }

  /** An estimate of the heap of one string (Latin-1 strings take a byte a character). */
  static long bytesOf(String value) {
    return value == null ? 0 : STRING_OVERHEAD + value.length();
  }

  private static long mebibytes(long bytes) {
    return bytes >> 20;
  }
}
