package dev.loupe.query;

/** Every default and hard limit of the query engine, each with the reason for its value. */
public final class QueryLimits {

  /**
   * Rows a search returns when the request names no limit. A thousand lines is more than a person
   * reads before refining the query, and a response of about 1 MB, quick to send and to render.
   */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * The largest limit a search accepts. A newest-first search keeps up to {@code limit}
   * materialized rows in memory until they are final (about 1-2 KB each, so about 20 MB for one
   * query at this bound); exporting more belongs to a streaming export, not to a ranked search.
   */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Blocks scanned at the same time per worker thread. Two keep every core busy while the
   * coordinating thread merges finished blocks; each one costs a decoded block in memory (a few MB
   * at 4096 rows), so memory stays bounded by the window, not by the data.
   */
  public static final int BLOCKS_IN_FLIGHT_PER_THREAD = 2;

  /**
   * The longest query text accepted, in characters. Hand-written queries are a few hundred
   * characters; the bound keeps a hostile request from costing parser time and memory.
   */
  public static final int MAX_QUERY_LENGTH = 64 * 1024;

  /**
   * The deepest nesting of parentheses and negations. The parser is recursive descent: this bounds
   * its stack depth far below a thread's stack while staying far above anything written by hand.
   */
  public static final int MAX_NESTING_DEPTH = 100;

  private QueryLimits() {}
}
