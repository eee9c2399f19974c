package dev.loupe.cli.agent;

/**
 * A snapshot of what the agent has done, for the periodic status line and for tests.
 *
 * @param linesRead events read from files and put into batches
 * @param linesShipped lines the server stored
 * @param linesRejected lines the server refused one by one, or in batches it refused for good
 * @param batchesShipped batches the server acknowledged
 * @param batchesRefused batches the server refused for good (logged and deleted)
 * @param failedRequests requests that failed and were retried
 * @param files files being followed
 * @param unreadBytes bytes of those files not read yet (grows while reading is paused)
 * @param spoolSegments batches waiting in the spool
 * @param spoolBytes their size on disk
 * @param readingPaused whether the spool is full and reading waits for the shipper
 * @param truncations times a followed file was found truncated and read again from the start
 * @param lastError the last shipping error, or empty when the last request succeeded
 */
record AgentStatus(
    long linesRead,
    long linesShipped,
    long linesRejected,
    long batchesShipped,
    long batchesRefused,
    long failedRequests,
    int files,
    long unreadBytes,
    int spoolSegments,
    long spoolBytes,
    boolean readingPaused,
    long truncations,
    String lastError) {

  /** One line for the log: progress and, when shipping fails, why. */
  String line(double linesPerSecond) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("shipped %,d lines (%,.0f lines/s)", linesShipped, linesPerSecond));
    if (linesRejected > 0) {
      text.append(String.format(", rejected %,d", linesRejected));
    }
    text.append(String.format(", %d files, %s unread", files, bytes(unreadBytes)));
    text.append(String.format(", spool %,d batches %s", spoolSegments, bytes(spoolBytes)));
    if (readingPaused) {
      text.append(" (full: reading paused)");
    }
    if (!lastError.isEmpty()) {
      text.append(", server: ").append(lastError);
    }
    return text.toString();
  }

  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    if (count < 1L << 20) {
      return String.format("%.1f KB", count / 1024.0);
    }
    return String.format("%.1f MB", count / (double) (1L << 20));
  }
}
