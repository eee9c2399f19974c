package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th wait is drawn from [b/2, b] where b = min(max, initial
 * × 2^n). Doubling reaches a long outage's retry rate in a few steps; the random half keeps many
 * agents that lost the same server from retrying in lockstep when it comes back ("equal jitter",
 * AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * <p>Not thread-safe: the shipper thread owns it.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = requireNonNull(random, "random is null");
    if (initialNanos <= 0 || maxNanos < initialNanos) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
  }

  /** The wait before the next attempt, after one more failure. */
  Duration next() {
    long ceiling = initialNanos;
    for (int doubling = 0; doubling < failures && ceiling < maxNanos; doubling++) {
      ceiling = Math.min(maxNanos, ceiling * 2);
    }
    failures++;
    long half = ceiling / 2;
    return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
  }

  /** Failures since the last success. */
  int failures() {
    return failures;
  }

  /** After a success: the next failure waits the initial time again. */
  void reset() {
    failures = 0;
  }
}
