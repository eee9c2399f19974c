package dev.loupe.analytics;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.time.Duration;

/**
 * Parses and prints the short durations of rules and settings: {@code 500ms}, {@code 10s}, {@code
 * 5m}, {@code 1h}, {@code 1d}.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text, String where) {
    if (text == null || text.isBlank()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": duration is empty; write e.g. 10s");
    }
    String trimmed = text.strip();
    int unitStart = 0;
    while (unitStart < trimmed.length() && Character.isDigit(trimmed.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      throw bad(trimmed, where);
    }
    long amount = Long.parseLong(trimmed.substring(0, unitStart));
    return switch (trimmed.substring(unitStart)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw bad(trimmed, where);
    };
  }

  /** The shortest text that parses back to {@code duration}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000L == 0 && millis != 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0 && millis != 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0 && millis != 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1000L == 0) {
      return millis / 1000L + "s";
    }
    return millis + "ms";
  }

  private static LoupeException bad(String text, String where) {
    return new LoupeException(
        ErrorCode.BAD_REQUEST,
        where + ": bad duration '" + text + "'; write a whole number and ms, s, m, h or d (10s)");
  }
}
