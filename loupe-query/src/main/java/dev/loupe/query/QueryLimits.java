package dev.loupe.query;

import java.time.Duration;

/** Every default and hard limit of the query engine, each with the reason for its value. */
public final class QueryLimits {

  /**
   * Rows a search returns when the request names no limit. A thousand lines is more than a person
   * reads before refining the query, and a response of about 1 MB, quick to send and to render.
   */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * The default of the largest limit a search accepts ({@code loupe serve --query-max-rows}). A
   * newest-first search keeps up to {@code limit} materialized rows in memory until they are final
   * (about 1-2 KB each, so about 20 MB for one query at this bound); exporting more belongs to a
   * streaming export, not to a ranked search.
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

  /**
   * Groups a {@code stats} query may produce. Every group holds its partial states in memory on
   * each worker and then in the merge (a few hundred bytes each, more with quantiles), so this
   * bounds a grouped query to tens of MB; more groups than this is a table no one reads, and
   * usually means a group field with one value per line (a request id) by mistake.
   */
  public static final int MAX_STATS_GROUPS = 100_000;

  /**
   * Distinct values {@code count_uniq} keeps in one group (about 100 bytes each, so about 100 MB at
   * this bound). An exact count needs every value; past this it fails rather than risk the heap.
   */
  public static final int MAX_COUNT_UNIQ_VALUES = 1_000_000;

  /**
   * Values a quantile keeps per group: exact up to this many, a uniform sample of this size past
   * it, with a rank error of at most 0.16 % (one standard deviation, p50); 800 KB per group.
   */
  public static final int QUANTILE_SAMPLE_SIZE = 100_000;

  /**
   * Rows a {@code sort} after {@code stats} holds (a sort on search rows holds at most {@link
   * #MAX_LIMIT}, for the same reason as the search). Every row must be seen before the first is
   * final, so they are all in memory; result rows of stats are small, and there are at most {@link
   * #MAX_STATS_GROUPS} of them. Past it the query fails rather than sort part of the rows.
   */
  public static final int MAX_SORT_ROWS = 100_000;

  /**
   * How long a search, stats query or export may run before it fails ({@code loupe serve
   * --query-timeout}). A minute is far beyond any interactive query on one node; a query that needs
   * longer is scanning far more than its author meant and holds a snapshot (so parts that merges
   * retired stay on disk) and the pool's threads the whole time.
   */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The default memory budget of one query ({@code loupe serve --query-memory}). The server runs in
   * a 1 GB heap by default with two query threads: a quarter of it per query leaves room for the
   * memtable (64 MB), ingest buffers and a second query at full budget. The largest legitimate
   * consumers are a search at {@link #MAX_LIMIT} rows (about 20 MB) and a stats query with tens of
   * thousands of groups or a {@code count_uniq} of a million values (about 100 MB).
   */
  public static final long DEFAULT_QUERY_MEMORY_BYTES = 256L << 20;

  /**
   * The smallest memory budget accepted: below a megabyte not even a decoded block's rows fit, and
   * every query would fail.
   */
  public static final long MIN_QUERY_MEMORY_BYTES = 1L << 20;

  /**
   * Bytes a worker adds to its share of the memory budget before it tells the shared counter, so
   * that a hot aggregation loop does not contend on one atomic; the budget may thus be overrun by
   * this much per thread before the query fails.
   */
  public static final long MEMORY_CHARGE_BATCH_BYTES = 64L << 10;

  private QueryLimits() {}

  /**
   * Rows a {@code context} pipe may ask for before, and after, each hit. A hit's window is read and
   * held whole (up to {@code 2 * this + 1} rows, about 4 MB at this bound), and a person reading
   * around a hit rarely wants more than a screenful or two; a wider look is a time range query.
   */
  public static final int MAX_CONTEXT_ROWS = 1000;

  /**
   * Rows a {@code context} query may return in all: its hits with their windows, which are held in
   * memory until the last hit is placed. Up to {@code limit} hits times a window of up to 2001 rows
   * would be millions of rows; this keeps one query to about 200 MB at most and says to narrow it.
   */
  public static final int MAX_CONTEXT_RESULT_ROWS = 100_000;
}
