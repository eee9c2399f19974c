package dev.loupe.ingest;

import java.util.Locale;
import java.util.Map;

/**
 * Normalises log levels so that filters and charts by {@code level} work the same for every source:
 * whatever a shipper calls its severity ({@code ERROR}, {@code err}, {@code E}, {@code Warning},
 * syslog severity 3, pino/bunyan 50), the stored {@code level} is one of {@link #FATAL}, {@link
 * #ERROR}, {@link #WARN}, {@link #INFO}, {@link #DEBUG}, {@link #TRACE}.
 *
 * <p>Six names, not syslog's eight: charts stacked by level stay readable, and every common scheme
 * maps onto them without guessing. Sources that have a finer severity keep it in their own field
 * (syslog keeps {@code severity}).
 *
 * <p>Numbers: 0 to 7 are syslog severities (RFC 5424 §6.2.1); 10, 20, ..., 60 are pino/bunyan
 * levels. Anything else is not a level and {@link #normalise} returns null (the caller keeps the
 * raw value).
 */
public final class Levels {
  public static final String FATAL = "fatal";
  public static final String ERROR = "error";
  public static final String WARN = "warn";
  public static final String INFO = "info";
  public static final String DEBUG = "debug";
  public static final String TRACE = "trace";

  /** The field every decoder writes the normalised level to. */
  public static final String FIELD = "level";

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("fatal", FATAL),
          Map.entry("f", FATAL),
          Map.entry("panic", FATAL),
          Map.entry("emerg", FATAL),
          Map.entry("emergency", FATAL),
          Map.entry("alert", FATAL),
          Map.entry("crit", FATAL),
          Map.entry("critical", FATAL),
          Map.entry("severe", FATAL),
          Map.entry("error", ERROR),
          Map.entry("err", ERROR),
          Map.entry("e", ERROR),
          Map.entry("eror", ERROR),
          Map.entry("warn", WARN),
          Map.entry("warning", WARN),
          Map.entry("w", WARN),
          Map.entry("wrn", WARN),
          Map.entry("info", INFO),
          Map.entry("information", INFO),
          Map.entry("informational", INFO),
          Map.entry("i", INFO),
          Map.entry("inf", INFO),
          Map.entry("notice", INFO),
          Map.entry("debug", DEBUG),
          Map.entry("d", DEBUG),
          Map.entry("dbg", DEBUG),
          Map.entry("fine", DEBUG),
          Map.entry("config", DEBUG),
          Map.entry("trace", TRACE),
          Map.entry("t", TRACE),
          Map.entry("trc", TRACE),
          Map.entry("finer", TRACE),
          Map.entry("finest", TRACE),
          Map.entry("verbose", TRACE),
          Map.entry("v", TRACE));

  private static final String[] SYSLOG = {FATAL, FATAL, FATAL, ERROR, WARN, INFO, INFO, DEBUG};

  /** One level for each range of four OpenTelemetry severity numbers, from 1. */
  private static final String[] OPEN_TELEMETRY = {TRACE, DEBUG, INFO, WARN, ERROR, FATAL};

  private Levels() {}

  /**
   * The normalised level of a raw value (any case, surrounding spaces ignored), or null when the
   * value is not a level Loupe knows.
   */
  public static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    String trimmed = raw.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    String known = NAMES.get(trimmed.toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    return fromNumber(trimmed);
  }

  /** The level of a syslog severity, 0 (emergency) to 7 (debug). */
  public static String fromSyslogSeverity(int severity) {
    if (severity < 0 || severity >= SYSLOG.length) {
      throw new IllegalArgumentException("syslog severity must be 0..7: " + severity);
    }
    return SYSLOG[severity];
  }

  /**
   * The level of an OpenTelemetry severity number (logs data model, "Field: SeverityNumber"): 1-4
   * trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal; null for 0 (unspecified) and
   * numbers outside 1..24, so that the caller falls back to the severity text.
   */
  public static String fromOpenTelemetrySeverity(int severityNumber) {
    if (severityNumber < 1 || severityNumber > OPEN_TELEMETRY.length * 4) {
      return null;
    }
    return OPEN_TELEMETRY[(severityNumber - 1) / 4];
  }

  private static String fromNumber(String text) {
    if (text.length() > 2) {
      return null;
    }
    for (int index = 0; index < text.length(); index++) {
      if (text.charAt(index) < '0' || text.charAt(index) > '9') {
        return null;
      }
    }
    int value = Integer.parseInt(text);
    if (value < SYSLOG.length) {
      return SYSLOG[value];
    }
    return switch (value) {
      case 10 -> TRACE;
      case 20 -> DEBUG;
      case 30 -> INFO;
      case 40 -> WARN;
      case 50 -> ERROR;
      case 60 -> FATAL;
      default -> null;
    };
  }
}
