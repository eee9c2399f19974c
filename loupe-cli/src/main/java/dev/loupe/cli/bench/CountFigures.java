package dev.loupe.cli.bench;

/**
 * The common-term count: Loupe's {@code /api/v1/hits} (once cold, then warm) against {@code grep -c
 * -F} on raw.log, both checked against the count the generator knows.
 *
 * @param grep grep's runs, or {@link Latencies#EMPTY} when grep is not installed
 */
record CountFigures(
    String term,
    long expected,
    long hits,
    long coldNanos,
    Latencies warmClient,
    Latencies warmServer,
    long grepCount,
    Latencies grep) {

  /** grep's median over Loupe's warm median: above 1 when Loupe is faster. */
  double speedup() {
    if (grep.isEmpty() || warmClient.isEmpty()) {
      return Double.NaN;
    }
    return (double) grep.p50Nanos() / warmClient.p50Nanos();
  }
}
