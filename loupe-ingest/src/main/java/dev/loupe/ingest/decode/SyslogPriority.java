package dev.loupe.ingest.decode;

/**
 * The names of syslog facilities and severities (RFC 5424 §6.2.1), as rsyslog prints them ({@code
 * syslogfacility-text}, {@code syslogseverity-text}): what people already type in filters. A
 * priority is {@code facility * 8 + severity}, 0 to 191.
 */
final class SyslogPriority {
  static final int MAX = 191;

  private static final String[] FACILITIES = {
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "audit",
    "alert",
    "clock",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7"
  };

  private static final String[] SEVERITIES = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };

  private SyslogPriority() {}

  static int facility(int priority) {
    return priority >> 3;
  }

  static int severity(int priority) {
    return priority & 7;
  }

  static String facilityName(int priority) {
    return FACILITIES[facility(priority)];
  }

  static String severityName(int priority) {
    return SEVERITIES[severity(priority)];
  }
}
