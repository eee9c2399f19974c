package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Reads the part of an RFC 3164 ("BSD syslog") message after its priority:
 *
 * <pre>
 * TIMESTAMP SP HOSTNAME SP TAG[PID]: SP MSG        e.g.  Nov  2 03:30:09 web-1 sshd[812]: Accepted ...
 * </pre>
 *
 * <p>RFC 3164 describes what senders did rather than prescribing a format, so this reader is
 * lenient and never fails; what it cannot place stays in the message:
 *
 * <ul>
 *   <li>TIMESTAMP: {@code Mmm dd hh:mm:ss} (day padded with a space or a zero), optionally with a
 *       fraction ({@code .123}) or a year before the time ({@code Nov 22 2026 03:30:09}, Cisco), or
 *       RFC 3339 ({@code 2026-11-22T03:30:09.123+01:00}, rsyslog's forwarding format). The BSD form
 *       has neither year nor zone: it is read in the configured zone, and the year is the one of
 *       the previous, current or next year (in that zone, at the receive time) that puts the time
 *       closest to the receive time. So a December line received on the 1st of January is last
 *       year's, and a sender whose clock runs a little ahead across New Year's Eve gets next year.
 *       No readable timestamp: the receive time, and everything after the priority is read for a
 *       tag and a message only (§4.3.3).
 *   <li>HOSTNAME: the word after the timestamp, unless that word is already a tag ({@code sshd:}),
 *       as in messages a local program wrote without a host name.
 *   <li>TAG: a word ending in {@code ":"} then a space or the end, or in {@code [pid]}, optionally
 *       followed by {@code ":"}: it gives {@code appname} and {@code procid}. Any other word is the
 *       start of the message. (A message "Error: disk full" after a host name is thus read as app
 *       {@code Error}: the format cannot tell them apart; rsyslog reads it the same way.)
 * </ul>
 *
 * <p>Thread-safe and immutable.
 */
final class DecoderSyslog3164 {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final int FRACTION_DIGITS = 9;
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private final ZoneId zone;
  private final ZoneRules rules;

  /**
   * @param zone the zone BSD timestamps (which carry none) are read in
   */
  DecoderSyslog3164(ZoneId zone) {
    this.zone = requireNonNull(zone, "zone is null");
    this.rules = zone.getRules();
  }

  ZoneId zone() {
    return zone;
  }

  /** Fills {@code message} from the cursor, which stands just after the priority. */
  void parse(SyslogCursor cursor, SyslogMessage message, long receiveTimeNanos) {
    if (!parseTimestamped(cursor, message, receiveTimeNanos)) {
      tag(cursor, message);
      restIsMessage(cursor, message);
    }
  }

  /**
   * Fills {@code message} when the cursor stands at a readable timestamp, as the lines a syslog
   * daemon writes to its files do ({@code Nov 2 03:30:09 web-1 sshd[812]: ...}, or RFC 3339 with
   * rsyslog's default file format): they carry no priority. Returns false, with the cursor where it
   * was and {@code message} untouched, when there is no timestamp.
   */
  boolean parseTimestamped(SyslogCursor cursor, SyslogMessage message, long receiveTimeNanos) {
    int start = cursor.absolute();
    long timeNanos = timestamp(cursor, receiveTimeNanos);
    if (timeNanos == SyslogMessage.NO_TIME) {
      cursor.moveTo(start);
      return false;
    }
    message.timeNanos = timeNanos;
    skipOneSpace(cursor);
    if (!tag(cursor, message)) {
      hostThenTag(cursor, message);
    }
    restIsMessage(cursor, message);
    return true;
  }

  private static void restIsMessage(SyslogCursor cursor, SyslogMessage message) {
    int start = cursor.absolute();
    message.message = cursor.text(start, start + cursor.remaining());
  }

  private void hostThenTag(SyslogCursor cursor, SyslogMessage message) {
    int hostStart = cursor.absolute();
    int hostEnd = cursor.nextSpace();
    if (hostEnd == hostStart) {
      return;
    }
    message.host = cursor.text(hostStart, hostEnd);
    cursor.moveTo(hostEnd);
    skipOneSpace(cursor);
    tag(cursor, message);
  }

  /**
   * Reads {@code name:}, {@code name[pid]} or {@code name[pid]:} (each followed by a space or the
   * end) into appName and procId and moves past it and one space; otherwise moves nowhere.
   */
  private static boolean tag(SyslogCursor cursor, SyslogMessage message) {
    int start = cursor.absolute();
    int at = start;
    int current = cursor.byteAt(at);
    while (current != -1 && current != ' ' && current != ':' && current != '[') {
      current = cursor.byteAt(++at);
    }
    if (at == start) {
      return false;
    }
    String procId = null;
    int after;
    if (current == '[') {
      int close = at + 1;
      while (cursor.byteAt(close) != -1
          && cursor.byteAt(close) != ']'
          && cursor.byteAt(close) != ' ') {
        close++;
      }
      if (cursor.byteAt(close) != ']') {
        return false;
      }
      procId = close > at + 1 ? cursor.text(at + 1, close) : null;
      after = close + 1;
      if (cursor.byteAt(after) == ':') {
        after++;
      }
    } else if (current == ':') {
      after = at + 1;
    } else {
      return false;
    }
    int next = cursor.byteAt(after);
    if (next != ' ' && next != -1) {
      return false;
    }
    message.appName = cursor.text(start, at);
    message.procId = procId;
    cursor.moveTo(after);
    skipOneSpace(cursor);
    return true;
  }

  private static void skipOneSpace(SyslogCursor cursor) {
    if (cursor.peek() == ' ') {
      cursor.skip(1);
    }
  }

  /**
   * Reads a timestamp and moves past it, returning nanoseconds since the epoch; or returns {@link
   * SyslogMessage#NO_TIME} (the cursor then stands anywhere: the caller moves it back).
   */
  private long timestamp(SyslogCursor cursor, long receiveTimeNanos) {
    int first = cursor.peek();
    if (first >= '0' && first <= '9') {
      return rfc3339(cursor);
    }
    return bsd(cursor, receiveTimeNanos);
  }

  private static long rfc3339(SyslogCursor cursor) {
    int start = cursor.absolute();
    int end = cursor.nextSpace();
    boolean shaped =
        end - start >= 19
            && cursor.byteAt(start + 4) == '-'
            && (cursor.byteAt(start + 10) | 0x20) == 't';
    if (!shaped) {
      return SyslogMessage.NO_TIME;
    }
    long nanos = TimeParser.parse(cursor.text(start, end), 0);
    if (nanos == TimeParser.INVALID) {
      return SyslogMessage.NO_TIME;
    }
    cursor.moveTo(end);
    return nanos;
  }

  /** {@code Mmm dd [yyyy ]hh:mm:ss[.fff]}, the day padded with a space or a zero. */
  private long bsd(SyslogCursor cursor, long receiveTimeNanos) {
    int month = month(cursor);
    if (month < 0 || cursor.peek() != ' ') {
      return SyslogMessage.NO_TIME;
    }
    cursor.skip(1);
    if (cursor.peek() == ' ') {
      cursor.skip(1);
    }
    int day = number(cursor, 1, 2);
    if (day < 1 || cursor.peek() != ' ') {
      return SyslogMessage.NO_TIME;
    }
    cursor.skip(1);
    int year = -1;
    if (cursor.peek(4) == ' ') {
      year = number(cursor, 4, 4);
      if (year < 0) {
        return SyslogMessage.NO_TIME;
      }
      cursor.skip(1);
    }
    int hour = number(cursor, 2, 2);
    int minute = separatedNumber(cursor);
    int second = separatedNumber(cursor);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return SyslogMessage.NO_TIME;
    }
    long fractionNanos = fraction(cursor);
    int next = cursor.peek();
    if (fractionNanos < 0 || (next != ' ' && next != -1)) {
      return SyslogMessage.NO_TIME;
    }
    long secondOfDay = hour * 3600L + minute * 60L + Math.min(second, 59);
    if (year >= 0) {
      return atLocal(year, month, day, secondOfDay, fractionNanos);
    }
    return closestYear(month, day, secondOfDay, fractionNanos, receiveTimeNanos);
  }

  /**
   * Of the dates in the year before, of and after the receive time (in the zone), the one closest
   * to the receive time; {@link SyslogMessage#NO_TIME} when the day exists in none (Feb 30).
   */
  private long closestYear(
      int month, int day, long secondOfDay, long fractionNanos, long receiveTimeNanos) {
    long receiveSeconds = Math.floorDiv(receiveTimeNanos, NANOS_PER_SECOND);
    ZoneOffset receiveOffset = rules.getOffset(Instant.ofEpochSecond(receiveSeconds));
    long receiveLocalDay =
        Math.floorDiv(receiveSeconds + receiveOffset.getTotalSeconds(), SECONDS_PER_DAY);
    int receiveYear = LocalDate.ofEpochDay(receiveLocalDay).getYear();
    long best = SyslogMessage.NO_TIME;
    long bestDistance = Long.MAX_VALUE;
    for (int year = receiveYear - 1; year <= receiveYear + 1; year++) {
      long candidate = atLocal(year, month, day, secondOfDay, fractionNanos);
      if (candidate == SyslogMessage.NO_TIME) {
        continue;
      }
      long distance = Math.abs(candidate - receiveTimeNanos);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /**
   * The local date and time in the zone as nanoseconds, or NO_TIME for a day that does not exist.
   */
  private long atLocal(int year, int month, int day, long secondOfDay, long fractionNanos) {
    if (year < 1678 || year > 2261 || day > Month.of(month).length(Year.isLeap(year))) {
      return SyslogMessage.NO_TIME;
    }
    long localSeconds = TimeParser.daysFromCivil(year, month, day) * SECONDS_PER_DAY + secondOfDay;
    int offsetSeconds;
    if (rules.isFixedOffset()) {
      offsetSeconds = rules.getOffset(Instant.EPOCH).getTotalSeconds();
    } else {
      LocalDateTime local =
          LocalDateTime.of(
              year,
              month,
              day,
              (int) (secondOfDay / 3600),
              (int) (secondOfDay / 60 % 60),
              (int) (secondOfDay % 60));
      offsetSeconds = rules.getOffset(local).getTotalSeconds();
    }
    return (localSeconds - offsetSeconds) * NANOS_PER_SECOND + fractionNanos;
  }

  /** 1 to 12 for an English month abbreviation (any case) and moves past it, else -1. */
  private static int month(SyslogCursor cursor) {
    int first = cursor.peek() | 0x20;
    int second = cursor.peek(1) | 0x20;
    int third = cursor.peek(2) | 0x20;
    for (int index = 0; index < 12; index++) {
      int at = index * 3;
      if (MONTHS.charAt(at) == first
          && MONTHS.charAt(at + 1) == second
          && MONTHS.charAt(at + 2) == third) {
        cursor.skip(3);
        return index + 1;
      }
    }
    return -1;
  }

  /** {@code :} and two digits, or -1. */
  private static int separatedNumber(SyslogCursor cursor) {
    if (cursor.peek() != ':') {
      return -1;
    }
    cursor.skip(1);
    return number(cursor, 2, 2);
  }

  /** Between min and max digits, consumed; -1 when fewer than min. */
  private static int number(SyslogCursor cursor, int minDigits, int maxDigits) {
    int value = 0;
    int digits = 0;
    while (digits < maxDigits && cursor.peek() >= '0' && cursor.peek() <= '9') {
      value = value * 10 + cursor.peek() - '0';
      cursor.skip(1);
      digits++;
    }
    return digits >= minDigits ? value : -1;
  }

  /** An optional {@code .digits} as nanoseconds (digits past the ninth cut); -1 for a bare dot. */
  private static long fraction(SyslogCursor cursor) {
    if (cursor.peek() != '.') {
      return 0;
    }
    cursor.skip(1);
    long nanos = 0;
    int digits = 0;
    while (cursor.peek() >= '0' && cursor.peek() <= '9') {
      if (digits < FRACTION_DIGITS) {
        nanos = nanos * 10 + cursor.peek() - '0';
      }
      cursor.skip(1);
      digits++;
    }
    if (digits == 0) {
      return -1;
    }
    for (int missing = Math.min(digits, FRACTION_DIGITS); missing < FRACTION_DIGITS; missing++) {
      nanos *= 10;
    }
    return nanos;
  }
}
