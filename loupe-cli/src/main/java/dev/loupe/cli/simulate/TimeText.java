package dev.loupe.cli.simulate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The time of a line as text, in UTC, in the styles the formats use. The date and clock are
 * formatted through {@code java.time} once per second of simulated time and cached; the fraction is
 * appended by hand.
 *
 * <ul>
 *   <li>RFC 3339 with microseconds ({@code _time}, RFC 5424): {@code 2026-11-21T10:00:00.123456Z}
 *   <li>RFC 3339 with milliseconds (the services' own JSON logs): {@code 2026-11-21T10:00:00.123Z}
 *   <li>Apache: {@code 21/Nov/2026:10:00:00 +0000}
 *   <li>RFC 3164 syslog: {@code Nov 21 10:00:00}, the day padded with a space
 * </ul>
 *
 * <p>Not thread-safe: one per output.
 */
final class TimeText {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private long cachedSecond = Long.MIN_VALUE;
  private String rfc3339Second;
  private String apacheSecond;
  private String syslogSecond;
  private long nanosOfSecond;

  /** Sets the time that the append methods write. */
  TimeText set(long epochNanos) {
    long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    nanosOfSecond = Math.floorMod(epochNanos, NANOS_PER_SECOND);
    if (second != cachedSecond) {
      format(second);
      cachedSecond = second;
    }
    return this;
  }

  /** {@code 2026-11-21T10:00:00.123456Z} */
  void appendRfc3339Micros(StringBuilder out) {
    out.append(rfc3339Second).append('.');
    appendPadded(out, nanosOfSecond / 1_000, 6);
    out.append('Z');
  }

  /** {@code 2026-11-21T10:00:00.123Z} */
  void appendRfc3339Millis(StringBuilder out) {
    out.append(rfc3339Second).append('.');
    appendPadded(out, nanosOfSecond / 1_000_000, 3);
    out.append('Z');
  }

  /** {@code 21/Nov/2026:10:00:00 +0000} */
  void appendApache(StringBuilder out) {
    out.append(apacheSecond);
  }

  /** {@code Nov 21 10:00:00} */
  void appendSyslog(StringBuilder out) {
    out.append(syslogSecond);
  }

  private void format(long epochSecond) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    String month = MONTHS[time.getMonthValue() - 1];
    StringBuilder clock = new StringBuilder(8);
    appendPadded(clock, time.getHour(), 2);
    clock.append(':');
    appendPadded(clock, time.getMinute(), 2);
    clock.append(':');
    appendPadded(clock, time.getSecond(), 2);
    StringBuilder text = new StringBuilder(32);
    appendPadded(text, time.getYear(), 4);
    text.append('-');
    appendPadded(text, time.getMonthValue(), 2);
    text.append('-');
    appendPadded(text, time.getDayOfMonth(), 2);
    rfc3339Second = text.append('T').append(clock).toString();
    text.setLength(0);
    appendPadded(text, time.getDayOfMonth(), 2);
    apacheSecond =
        text.append('/')
            .append(month)
            .append('/')
            .append(time.getYear())
            .append(':')
            .append(clock)
            .append(" +0000")
            .toString();
    text.setLength(0);
    text.append(month).append(' ');
    if (time.getDayOfMonth() < 10) {
      text.append(' ');
    }
    syslogSecond = text.append(time.getDayOfMonth()).append(' ').append(clock).toString();
  }

  static void appendPadded(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int pad = digits.length(); pad < width; pad++) {
      out.append('0');
    }
    out.append(digits);
  }
}
