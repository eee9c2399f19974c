package dev.loupe.ingest;

import java.util.List;

/**
 * What became of one request body.
 *
 * @param accepted records handed to the sink
 * @param rejected lines that could not be turned into records; empty lines are neither
 * @param firstErrors the first rejected lines in body order, at most {@link
 *     IngestLimits#maxFirstErrors()} of them
 */
public record IngestResult(long accepted, long rejected, List<LineError> firstErrors) {
  public IngestResult {
    if (accepted < 0 || rejected < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: accepted=" + accepted + " rejected=" + rejected);
    }
    firstErrors = List.copyOf(firstErrors);
    if (firstErrors.size() > rejected) {
      throw new IllegalArgumentException(
          "more errors than rejected lines: " + firstErrors.size() + " > " + rejected);
    }
  }
}
