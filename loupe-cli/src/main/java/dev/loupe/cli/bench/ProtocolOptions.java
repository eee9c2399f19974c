package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the protocol phase of {@code loupe bench} was asked to do (see {@code BenchCommand}).
 *
 * @param protocols the protocols to run, in order; empty for no protocol phase
 * @param lines lines sent through each protocol
 * @param batchLines lines in each request, Kafka send or run of syslog frames
 * @param only skip the main HTTP ingest phase and its queries
 * @param gzip gzip the Elasticsearch bulk bodies
 * @param kafkaBootstrap the broker for the Kafka row, or {@code null} to skip it
 */
public record ProtocolOptions(
    List<Protocol> protocols,
    long lines,
    int batchLines,
    boolean only,
    boolean gzip,
    String kafkaBootstrap) {

  /** No protocol phase: the bench as before. */
  public static final ProtocolOptions NONE =
      new ProtocolOptions(List.of(), DatasetSpec.MIN_LINES, 1, false, false, null);

  public ProtocolOptions {
    protocols = List.copyOf(requireNonNull(protocols, "protocols is null"));
    if (lines < DatasetSpec.MIN_LINES) {
      throw new IllegalArgumentException(
          "--protocol-lines must be at least " + DatasetSpec.MIN_LINES + ", got " + lines);
    }
    if (batchLines < 1) {
      throw new IllegalArgumentException(
          "--protocol-batch-lines must be positive, got " + batchLines);
    }
    if (only && protocols.isEmpty()) {
      throw new IllegalArgumentException("--protocols-only needs --protocols");
    }
  }

  /** Parses the command line's {@code --protocols} text; {@code null} or blank for none. */
  public static List<Protocol> parseProtocols(String text) {
    return text == null || text.isBlank() ? List.of() : Protocol.parseList(text);
  }
}
