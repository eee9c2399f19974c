package dev.loupe.query.exec;

/**
 * Receives the rows of a search as soon as they are final, newest first. Called only from the
 * thread that called {@link QueryExecutor#search}, one row at a time, so an implementation needs no
 * locking.
 */
@FunctionalInterface
public interface RowSink {

  /**
   * Takes one row.
   *
   * @return false to stop the search (the client went away, or has what it needs)
   */
  boolean accept(ResultRow row);

  /**
   * Asked between blocks, also while no row is being returned: true stops the search as {@link
   * #accept} returning false does. For a caller that learns of a disconnect on another thread.
   */
  default boolean cancelled() {
    return false;
  }
}
