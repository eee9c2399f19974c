package dev.loupe.cli.bench;

/**
 * What the ingest step measured: lines and NDJSON bytes acknowledged, requests, wall time from the
 * first request to the last acknowledgement, and the latency of each acknowledgement.
 *
 * @param firstRejection the server's reason for the first rejected line, or {@code null}
 */
record IngestFigures(
    long lines,
    long bytes,
    long requests,
    long rejected,
    String firstRejection,
    long nanos,
    int clients,
    int batchLines,
    Latencies acknowledgements) {

  double linesPerSecond() {
    return nanos == 0 ? 0 : lines * 1e9 / nanos;
  }

  double bytesPerSecond() {
    return nanos == 0 ? 0 : bytes * 1e9 / nanos;
  }

  long averageBodyBytes() {
    return requests == 0 ? 0 : bytes / requests;
  }
}
