package dev.loupe.server;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the {@code start} and {@code end} parameters of the API. Accepted: RFC 3339 ({@code
 * 2026-11-22T10:00:00Z}), a date ({@code 2026-11-22}), epoch seconds with an optional fraction
 * ({@code 1763800000.5}), {@code now}, and a duration back from now ({@code 15m}, {@code 2h},
 * {@code 7d}, {@code 30s}, also written {@code now-15m}).
 */
final class TimeParameters {
  private TimeParameters() {}

  static long parse(String name, String text, long nowNanos) {
    String value = text.trim();
    if (value.equals("now")) {
      return nowNanos;
    }
    if (value.startsWith("now-")) {
      value = value.substring(4);
    }
    try {
      if (value.matches("\\d+(\\.\\d+)?[smhdw]")) {
        return nowNanos - duration(value).toNanos();
      }
      if (value.matches("\\d+(\\.\\d+)?")) {
        return new BigDecimal(value).movePointRight(9).longValueExact();
      }
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return Timestamps.toNanos(Instant.parse(value + "T00:00:00Z"));
      }
      return Timestamps.toNanos(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException | ArithmeticException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "cannot read "
              + name
              + "="
              + text
              + ": use RFC 3339 (2026-11-22T10:00:00Z), epoch seconds, 'now' or a duration"
              + " back from now such as 15m, 2h, 7d");
    }
  }

  private static Duration duration(String value) {
    char unit = value.charAt(value.length() - 1);
    double amount = Double.parseDouble(value.substring(0, value.length() - 1));
    long seconds =
        switch (unit) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86_400;
          default -> 7 * 86_400;
        };
    return Duration.ofNanos((long) (amount * seconds * 1e9));
  }
}
