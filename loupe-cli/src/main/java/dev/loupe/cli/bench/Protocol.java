package dev.loupe.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A protocol of the bench's protocol phase: its name on the command line ({@code --protocols
 * syslog-tcp,es-bulk}), how the report names it, and its target from issue 4 (≥ 200 k lines/s for
 * syslog over TCP and Elasticsearch {@code _bulk}; none for the others).
 */
public enum Protocol {
  SYSLOG_TCP(
      "syslog-tcp", "syslog TCP (RFC 5424, octet counting)", Target.PROTOCOL_LINES_PER_SECOND),
  OTLP_HTTP("otlp-http", "OTLP/HTTP (protobuf)", null),
  ES_BULK("es-bulk", "Elasticsearch _bulk (NDJSON)", Target.PROTOCOL_LINES_PER_SECOND),
  KAFKA("kafka", "Kafka (producer → topic → Kafka source)", null);

  private final String option;
  private final String title;
  private final Target target;

  Protocol(String option, String title, Target target) {
    this.option = option;
    this.title = title;
    this.target = target;
  }

  /** The name on the command line. */
  String option() {
    return option;
  }

  String title() {
    return title;
  }

  /** The target of the visible rate, or {@code null} when the issue sets none. */
  Target target() {
    return target;
  }

  /** Parses {@code syslog-tcp,otlp-http}: names in any case, no duplicates, at least one. */
  static List<Protocol> parseList(String text) {
    List<Protocol> protocols = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      Protocol protocol =
          Arrays.stream(values())
              .filter(candidate -> candidate.option.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown protocol '"
                              + part.strip()
                              + "' in --protocols; known: "
                              + names()));
      if (protocols.contains(protocol)) {
        throw new IllegalArgumentException("--protocols names " + name + " twice");
      }
      protocols.add(protocol);
    }
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("--protocols is empty; known: " + names());
    }
    return List.copyOf(protocols);
  }

  static String names() {
    return Arrays.stream(values()).map(Protocol::option).collect(Collectors.joining(","));
  }
}
