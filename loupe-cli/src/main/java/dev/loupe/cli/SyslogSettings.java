package dev.loupe.cli;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.server.SyslogConfig;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the text of {@code loupe serve}'s syslog flags into settings, with errors that say how. */
final class SyslogSettings {
  private SyslogSettings() {}

  /** A port flag: 0 turns the listener off. */
  static int port(int flag) {
    return flag == 0 ? SyslogConfig.OFF : flag;
  }

  /** {@code "host, appname"} gives {@code [host, appname]}; blank gives none. */
  static List<String> names(String commaSeparated) {
    List<String> names = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        names.add(part.strip());
      }
    }
    return names;
  }

  /** {@code "source=syslog,env=prod"} in order; blank gives none. */
  static Map<String, String> labels(String commaSeparated) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : names(commaSeparated)) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "invalid --syslog-labels entry \""
                + pair
                + "\": give name=value pairs separated by commas, e.g. source=syslog,env=prod");
      }
      labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return labels;
  }

  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException unknown) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "unknown --syslog-timezone \""
              + text
              + "\": give a zone such as UTC, +02:00 or Europe/Berlin",
          unknown);
    }
  }
}
