package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff between retries: the first wait is the minimum, each next one twice the one
 * before, never more than the maximum; {@link #reset} after a success starts over. Without jitter:
 * one consumer per server retries against one broker cluster, there is no herd to spread out. Not
 * thread-safe: owned by the poll thread.
 */
final class KafkaBackoff {
  private final Duration minimum;
  private final Duration maximum;
  private Duration next;

  KafkaBackoff(Duration minimum, Duration maximum) {
    this.minimum = requireNonNull(minimum, "minimum is null");
    this.maximum = requireNonNull(maximum, "maximum is null");
    if (minimum.isNegative() || minimum.isZero() || maximum.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < minimum <= maximum: " + minimum + ", " + maximum);
    }
    this.next = minimum;
  }

  /** How long to wait before the next attempt. */
  Duration next() {
    Duration current = next;
    Duration doubled = current.multipliedBy(2);
    next = doubled.compareTo(maximum) > 0 ? maximum : doubled;
    return current;
  }

  void reset() {
    next = minimum;
  }
}
