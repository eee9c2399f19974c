package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the data set as the protocol clients need it: its time, message, stream fields and
 * the NDJSON object it came from (Elasticsearch and Kafka send that object as the document).
 *
 * @param message the raw line of {@code raw.log}, as a syslog daemon or an SDK would send it
 * @param ndjson the line of {@code data.ndjson}, without its newline
 */
record ProtocolLine(
    long timeNanos, String message, String service, String host, String source, String ndjson) {

  ProtocolLine {
    requireNonNull(message, "message is null");
    requireNonNull(service, "service is null");
    requireNonNull(host, "host is null");
    requireNonNull(source, "source is null");
    requireNonNull(ndjson, "ndjson is null");
  }

  /**
   * Reads a line of {@code data.ndjson} and the same line of {@code raw.log} (see {@link
   * DatasetGenerator}): the time is {@code _time}, or {@code ts} of the application JSON lines.
   */
  static ProtocolLine parse(String ndjson, String raw) {
    Map<String, String> values = JsonFlat.parse(ndjson);
    String time = values.getOrDefault("_time", values.get("ts"));
    if (time == null) {
      throw new IllegalArgumentException(
          "a data set line without _time or ts: " + JsonFlat.abbreviate(ndjson));
    }
    Instant instant = Instant.parse(time);
    return new ProtocolLine(
        instant.getEpochSecond() * 1_000_000_000L + instant.getNano(),
        raw,
        values.getOrDefault("service", ""),
        values.getOrDefault("host", ""),
        values.getOrDefault("source", ""),
        ndjson);
  }
}
