package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a query must be over: its start on the executor's clock plus the configured timeout. Checked
 * between blocks, never inside one: a block scan is a few milliseconds, and checking per row would
 * read the clock on the hot path.
 *
 * <p>Threads: created and checked by the query's coordinating thread only.
 */
final class Deadline {
  private final Clock clock;
  private final Duration timeout;
  private final Instant expiry;

  private Deadline(Clock clock, Duration timeout) {
    this.clock = requireNonNull(clock, "clock is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.expiry = clock.instant().plus(timeout);
  }

  /** A deadline {@code timeout} after now on {@code clock}. */
  static Deadline after(Clock clock, Duration timeout) {
    return new Deadline(clock, timeout);
  }

  /**
   * Fails the query once the deadline is reached (a zero timeout fails at the first check).
   *
   * @throws LoupeException {@code LIMIT_EXCEEDED} saying which limit and how to narrow the query
   */
  void check() {
    if (clock.instant().isBefore(expiry)) {
      return;
    }
    throw new LoupeException(
        ErrorCode.LIMIT_EXCEEDED,
        "query ran longer than the "
            + describe(timeout)
            + " limit (--query-timeout); narrow the time range or add filters");
  }

  /** {@code 60 s}, {@code 250 ms} or {@code 1 ns}: the largest unit that states it exactly. */
  static String describe(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + " s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + " ms";
    }
    return nanos + " ns";
  }
}
