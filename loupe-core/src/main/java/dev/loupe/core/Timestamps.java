package dev.loupe.core;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Conversions between nanoseconds since the epoch and RFC 3339 text, shared by every layer. */
public final class Timestamps {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Timestamps() {}

  /**
   * RFC 3339 in UTC with as many fraction digits as needed, e.g. {@code 2026-11-22T01:02:03.500Z}.
   */
  public static String format(long timeNanos) {
    return DateTimeFormatter.ISO_INSTANT.format(toInstant(timeNanos));
  }

  public static Instant toInstant(long timeNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(timeNanos, NANOS_PER_SECOND), Math.floorMod(timeNanos, NANOS_PER_SECOND));
  }

  /** Nanoseconds since the epoch; saturates outside the years 1678..2262 that a long can hold. */
  public static long toNanos(Instant instant) {
    long seconds = instant.getEpochSecond();
    long nanos = instant.getNano();
    try {
      if (seconds < 0 && nanos > 0) {
        // (seconds + 1) * 1e9 - (1e9 - nanos): the same value without overflowing first near
        // the smallest long.
        return Math.addExact(
            Math.multiplyExact(seconds + 1, NANOS_PER_SECOND), nanos - NANOS_PER_SECOND);
      }
      return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
    } catch (ArithmeticException overflow) {
      return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
