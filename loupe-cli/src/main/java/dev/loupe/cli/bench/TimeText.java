package dev.loupe.cli.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The timestamps of the generated lines as text, in the three styles the line kinds use, all in
 * UTC. Formatting goes through {@code java.time} once per second of log time and is cached: a
 * second holds about 1,400 lines at the default size, so the formatter is off the hot path.
 *
 * <ul>
 *   <li>RFC 3339: {@code 2026-11-22T10:00:00} + {@code .123Z} (app lines) or {@code .123456789Z}
 *       ({@code _time});
 *   <li>Apache: {@code 22/Nov/2026:10:00:00 +0000};
 *   <li>syslog (RFC 3164): {@code Nov 22 10:00:00}, the day padded with a space.
 * </ul>
 *
 * <p>Not thread-safe: one per generating thread.
 */
final class TimeText {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final AsciiBuffer rfc3339Second = new AsciiBuffer(32);
  private final AsciiBuffer apacheSecond = new AsciiBuffer(32);
  private final AsciiBuffer syslogSecond = new AsciiBuffer(32);
  private long cachedSecond = Long.MIN_VALUE;
  private long nanosOfSecond;

  /** Sets the time that the append methods write. */
  void set(long epochNanos) {
    long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    nanosOfSecond = Math.floorMod(epochNanos, NANOS_PER_SECOND);
    if (second != cachedSecond) {
      format(second);
      cachedSecond = second;
    }
  }

  /** {@code 2026-11-22T10:00:00.123456789Z} */
  void appendRfc3339Nanos(AsciiBuffer out) {
    out.append(rfc3339Second, 0, rfc3339Second.length())
        .append('.')
        .appendPadded(nanosOfSecond, 9)
        .append('Z');
  }

  /** {@code 2026-11-22T10:00:00.123Z} */
  void appendRfc3339Millis(AsciiBuffer out) {
    out.append(rfc3339Second, 0, rfc3339Second.length())
        .append('.')
        .appendPadded(nanosOfSecond / 1_000_000, 3)
        .append('Z');
  }

  /** {@code 22/Nov/2026:10:00:00 +0000} */
  void appendApache(AsciiBuffer out) {
    out.append(apacheSecond, 0, apacheSecond.length());
  }

  /** {@code Nov 22 10:00:00} */
  void appendSyslog(AsciiBuffer out) {
    out.append(syslogSecond, 0, syslogSecond.length());
  }

  private void format(long epochSecond) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    String month = MONTHS[time.getMonthValue() - 1];
    rfc3339Second.setLength(0);
    rfc3339Second
        .appendPadded(time.getYear(), 4)
        .append('-')
        .appendPadded(time.getMonthValue(), 2)
        .append('-')
        .appendPadded(time.getDayOfMonth(), 2)
        .append('T');
    appendClock(rfc3339Second, time);
    apacheSecond.setLength(0);
    apacheSecond
        .appendPadded(time.getDayOfMonth(), 2)
        .append('/')
        .append(month)
        .append('/')
        .appendPadded(time.getYear(), 4)
        .append(':');
    appendClock(apacheSecond, time).append(" +0000");
    syslogSecond.setLength(0);
    syslogSecond.append(month).append(' ');
    if (time.getDayOfMonth() < 10) {
      syslogSecond.append(' ');
    }
    syslogSecond.append(time.getDayOfMonth()).append(' ');
    appendClock(syslogSecond, time);
  }

  private static AsciiBuffer appendClock(AsciiBuffer out, LocalDateTime time) {
    return out.appendPadded(time.getHour(), 2)
        .append(':')
        .appendPadded(time.getMinute(), 2)
        .append(':')
        .appendPadded(time.getSecond(), 2);
  }
}
