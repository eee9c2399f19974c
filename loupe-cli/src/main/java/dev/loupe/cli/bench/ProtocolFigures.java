package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

/**
 * What the protocol phase measured for one protocol on a fresh server: lines and wire bytes sent,
 * the time from the first send to the last acknowledgement, and the time from the first send until
 * {@code /api/v1/hits} counted every line.
 *
 * @param wireBytes the encoded batches' bytes (after compression, when any)
 * @param acknowledgedNanos first send to last acknowledgement (for syslog over TCP: last write)
 * @param visibleNanos first send to every line counted by the server
 */
record ProtocolFigures(
    Protocol protocol,
    long lines,
    long batches,
    long wireBytes,
    int clients,
    int batchLines,
    long acknowledgedNanos,
    long visibleNanos) {

  ProtocolFigures {
    requireNonNull(protocol, "protocol is null");
  }

  double acknowledgedLinesPerSecond() {
    return acknowledgedNanos <= 0 ? 0 : lines * 1e9 / acknowledgedNanos;
  }

  /** The figure judged against the target: lines stored and countable a second. */
  double visibleLinesPerSecond() {
    return visibleNanos <= 0 ? 0 : lines * 1e9 / visibleNanos;
  }

  double wireBytesPerLine() {
    return lines == 0 ? 0 : (double) wireBytes / lines;
  }
}
