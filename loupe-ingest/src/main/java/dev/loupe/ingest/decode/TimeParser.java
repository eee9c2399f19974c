package dev.loupe.ingest.decode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads the time of a record as nanoseconds since the epoch, from text as it arrived (a JSON
 * string, or a JSON number's text as written).
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>RFC 3339: {@code 2024-05-01T12:00:00Z}, with any number of fraction digits (beyond nine
 *       they are cut, not rounded), {@code Z}/{@code z} or an offset {@code +02:00}. Also accepted,
 *       because common loggers write them: {@code t} or a space between date and time, a comma
 *       before the fraction, offsets {@code +0200} and {@code +02}, and no offset at all, which is
 *       read as UTC. A second of 60 (leap second) is read as 59, as {@code java.time} does.
 *   <li>Unix time as a number or a numeric string, optionally negative, with an optional fraction
 *       or exponent. The unit follows from the magnitude of the integer part: below 10^10 seconds
 *       (until the year 2286), below 10^13 milliseconds, below 10^16 microseconds, otherwise
 *       nanoseconds. So {@code 1700000000}, {@code 1700000000123}, {@code 1700000000123456} and
 *       {@code 1700000000123456789} are the same instant up to their precision, and {@code
 *       1700000000.5} is half a second later. Millisecond times before 1970-04-27 would be read as
 *       seconds; no real log is affected.
 *   <li>The empty string and {@code 0} mean "no time" and give the receive time, as in
 *       VictoriaLogs.
 * </ul>
 *
 * <p>Anything else, and instants outside what a signed 64-bit count of nanoseconds holds (years
 * 1677 to 2262), gives {@link #INVALID}. That value is itself such an instant, so no valid input
 * produces it.
 *
 * <p>Design note: this runs once per record, so the common forms are parsed by hand from the
 * characters, with no allocation and no exceptions; days from a civil date use Howard Hinnant's
 * {@code days_from_civil} ("chrono-Compatible Low-Level Date Algorithms"). Only exponent notation
 * takes the slow path through {@link BigDecimal}.
 */
final class TimeParser {
  /** Returned for unparsable text: Long.MIN_VALUE lies outside every accepted range. */
  static final long INVALID = Long.MIN_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long MAX_EPOCH_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
  private static final long MIN_EPOCH_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND;
  private static final int FRACTION_DIGITS = 9;

  private TimeParser() {}

  /** Nanoseconds since the epoch, {@code receiveTimeNanos} for "no time", or {@link #INVALID}. */
  static long parse(String text, long receiveTimeNanos) {
    if (text.isEmpty() || text.equals("0")) {
      return receiveTimeNanos;
    }
    if (looksLikeDate(text)) {
      return parseRfc3339(text);
    }
    return parseUnixTime(text);
  }

  private static boolean looksLikeDate(String text) {
    return text.length() > 4 && text.charAt(4) == '-' && digits(text, 0, 4) >= 0;
  }

  // ---- RFC 3339 ----

  private static long parseRfc3339(String text) {
    int length = text.length();
    if (length < 19) {
      return INVALID;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    boolean separatorsValid =
        text.charAt(7) == '-'
            && isDateTimeSeparator(text.charAt(10))
            && text.charAt(13) == ':'
            && text.charAt(16) == ':';
    if (!separatorsValid || (year | month | day | hour | minute | second) < 0) {
      return INVALID;
    }
    if (!isValidDateTime(year, month, day, hour, minute, second)) {
      return INVALID;
    }
    int index = 19;
    long fractionNanos = 0;
    if (index < length && (text.charAt(index) == '.' || text.charAt(index) == ',')) {
      int fractionStart = index + 1;
      index = skipDigits(text, fractionStart);
      if (index == fractionStart) {
        return INVALID;
      }
      fractionNanos = fractionToNanos(text, fractionStart, index);
    }
    int offsetSeconds = parseOffsetSeconds(text, index);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return INVALID;
    }
    long epochSeconds =
        daysFromCivil(year, month, day) * SECONDS_PER_DAY
            + hour * 3600L
            + minute * 60L
            + Math.min(second, 59)
            - offsetSeconds;
    return toNanos(epochSeconds, fractionNanos);
  }

  private static boolean isDateTimeSeparator(char c) {
    return c == 'T' || c == 't' || c == ' ';
  }

  private static boolean isValidDateTime(
      int year, int month, int day, int hour, int minute, int second) {
    return month >= 1
        && month <= 12
        && day >= 1
        && day <= daysInMonth(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 60;
  }

  /** Seconds east of UTC for the offset starting at index (none, Z, ±HH:MM, ±HHMM, ±HH). */
  private static int parseOffsetSeconds(String text, int index) {
    int length = text.length();
    if (index == length) {
      return 0;
    }
    char designator = text.charAt(index);
    if (designator == 'Z' || designator == 'z') {
      return index + 1 == length ? 0 : Integer.MIN_VALUE;
    }
    if (designator != '+' && designator != '-') {
      return Integer.MIN_VALUE;
    }
    int hours = digits(text, index + 1, 2);
    int position = index + 3;
    int minutes = 0;
    if (position < length) {
      if (text.charAt(position) == ':') {
        position++;
      }
      minutes = digits(text, position, 2);
      position += 2;
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || position != length) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    return designator == '-' ? -seconds : seconds;
  }

  // ---- Common Log Format ----

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /**
   * The time of a Common Log Format line, the text between its brackets: {@code
   * 10/Oct/2000:13:55:36 -0700} (Apache's {@code %t}, nginx's {@code $time_local}); month names in
   * English, any case. Nanoseconds since the epoch, or {@link #INVALID}.
   */
  static long parseCommonLog(String text) {
    if (text.length() != 26) {
      return INVALID;
    }
    int day = digits(text, 0, 2);
    int month = monthNumber(text, 3);
    int year = digits(text, 7, 4);
    int hour = digits(text, 12, 2);
    int minute = digits(text, 15, 2);
    int second = digits(text, 18, 2);
    boolean separatorsValid =
        text.charAt(2) == '/'
            && text.charAt(6) == '/'
            && text.charAt(11) == ':'
            && text.charAt(14) == ':'
            && text.charAt(17) == ':'
            && text.charAt(20) == ' ';
    if (!separatorsValid || (day | month | year | hour | minute | second) < 0) {
      return INVALID;
    }
    if (!isValidDateTime(year, month, day, hour, minute, second)) {
      return INVALID;
    }
    int offsetSeconds = parseOffsetSeconds(text, 21);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return INVALID;
    }
    long epochSeconds =
        daysFromCivil(year, month, day) * SECONDS_PER_DAY
            + hour * 3600L
            + minute * 60L
            + Math.min(second, 59)
            - offsetSeconds;
    return toNanos(epochSeconds, 0);
  }

  /** 1 to 12 for the three-letter English month name at start, any case; -1 otherwise. */
  private static int monthNumber(String text, int start) {
    for (int month = 0; month < 12; month++) {
      if (MONTHS.regionMatches(true, month * 3, text, start, 3)) {
        return month + 1;
      }
    }
    return -1;
  }

  // ---- Unix time ----

  private static long parseUnixTime(String text) {
    int length = text.length();
    boolean negative = text.charAt(0) == '-';
    int integerStart = negative ? 1 : 0;
    int integerEnd = skipDigits(text, integerStart);
    if (integerEnd == integerStart || integerEnd - integerStart > 19) {
      return INVALID;
    }
    if (integerEnd < length && (text.charAt(integerEnd) == 'e' || text.charAt(integerEnd) == 'E')) {
      return parseUnixTimeSlowly(text);
    }
    long fractionOfUnit = 0;
    int index = integerEnd;
    if (index < length && text.charAt(index) == '.') {
      int fractionStart = index + 1;
      index = skipDigits(text, fractionStart);
      if (index == fractionStart) {
        return INVALID;
      }
      fractionOfUnit = fractionToNanos(text, fractionStart, index);
      if (index < length && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
        return parseUnixTimeSlowly(text);
      }
    }
    if (index != length) {
      return INVALID;
    }
    long integerPart = parseLong(text, integerStart, integerEnd);
    if (integerPart < 0) {
      return INVALID;
    }
    long unitNanos = unitNanos(integerPart);
    // fractionOfUnit is in billionths of a unit; scale it to nanoseconds.
    long fractionNanos = fractionOfUnit / (NANOS_PER_SECOND / unitNanos);
    if (integerPart > (Long.MAX_VALUE - fractionNanos) / unitNanos) {
      return INVALID;
    }
    long nanos = integerPart * unitNanos + fractionNanos;
    return negative ? -nanos : nanos;
  }

  /** Exponent notation (1.7e9) is rare; BigDecimal reads it exactly. */
  private static long parseUnixTimeSlowly(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException notANumber) {
      // Not swallowed: the caller turns INVALID into a line error that quotes the text.
      return INVALID;
    }
    BigDecimal magnitude = value.abs();
    if (magnitude.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return INVALID;
    }
    long unitNanos = unitNanos(magnitude.longValue());
    BigDecimal nanos = value.multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.DOWN);
    boolean fits =
        nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
            && nanos.compareTo(BigDecimal.valueOf(-Long.MAX_VALUE)) >= 0;
    return fits ? nanos.longValueExact() : INVALID;
  }

  private static long unitNanos(long integerPart) {
    if (integerPart < 10_000_000_000L) {
      return NANOS_PER_SECOND;
    }
    if (integerPart < 10_000_000_000_000L) {
      return 1_000_000L;
    }
    if (integerPart < 10_000_000_000_000_000L) {
      return 1_000L;
    }
    return 1L;
  }

  // ---- shared ----

  private static long toNanos(long epochSeconds, long fractionNanos) {
    if (epochSeconds > MAX_EPOCH_SECONDS || epochSeconds < MIN_EPOCH_SECONDS) {
      return INVALID;
    }
    long nanos = epochSeconds * NANOS_PER_SECOND + fractionNanos;
    boolean overflowed = epochSeconds == MAX_EPOCH_SECONDS && nanos < 0;
    return overflowed ? INVALID : nanos;
  }

  /** The first nine fraction digits as billionths; later digits are cut. */
  private static long fractionToNanos(String text, int start, int end) {
    long nanos = 0;
    int used = Math.min(end - start, FRACTION_DIGITS);
    for (int index = start; index < start + used; index++) {
      nanos = nanos * 10 + (text.charAt(index) - '0');
    }
    for (int missing = used; missing < FRACTION_DIGITS; missing++) {
      nanos *= 10;
    }
    return nanos;
  }

  /** The value of the digits in [start, end), or -1 when it does not fit in a long. */
  private static long parseLong(String text, int start, int end) {
    long value = 0;
    for (int index = start; index < end; index++) {
      int digit = text.charAt(index) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** The value of exactly {@code count} ASCII digits at start, or -1. */
  private static int digits(String text, int start, int count) {
    if (start + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int index = start; index < start + count; index++) {
      char c = text.charAt(index);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int skipDigits(String text, int start) {
    int index = start;
    while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
      index++;
    }
    return index;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeapYear(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    long shiftedYear = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(shiftedYear, 400);
    long yearOfEra = shiftedYear - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
