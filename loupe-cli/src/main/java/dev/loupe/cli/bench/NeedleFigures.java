package dev.loupe.cli.bench;

/**
 * The needle search: Loupe once cold and then warm ({@code warmClient} is the client's wall time,
 * {@code warmServer} the status line's {@code duration_ms}), the blocks it read and skipped,
 * whether it returned exactly the planted lines, and {@code grep -F} on raw.log for comparison.
 *
 * @param grep grep's runs, or {@link Latencies#EMPTY} when grep is not installed
 */
record NeedleFigures(
    String needle,
    long coldNanos,
    Latencies warmClient,
    Latencies warmServer,
    long rows,
    long blocksScanned,
    long blocksSkipped,
    long blocksTotal,
    boolean matchesPlanted,
    Latencies grep,
    long grepLines) {

  /** grep's median over Loupe's warm median, client-measured. */
  double speedup() {
    if (grep.isEmpty() || warmClient.isEmpty()) {
      return Double.NaN;
    }
    return (double) grep.p50Nanos() / warmClient.p50Nanos();
  }

  /** grep's median over the server's own warm median: the search without HTTP and JSON. */
  double serverSpeedup() {
    if (grep.isEmpty() || warmServer.isEmpty() || warmServer.p50Nanos() == 0) {
      return Double.NaN;
    }
    return (double) grep.p50Nanos() / warmServer.p50Nanos();
  }
}
