package dev.loupe.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 30d}, {@code 0}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim();
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(text);
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a duration: write a number and a unit, e.g. 500ms, 30s, 15m, 2h, 30d");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }
}
