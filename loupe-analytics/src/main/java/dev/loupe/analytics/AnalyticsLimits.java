package dev.loupe.analytics;

import java.time.Duration;

/** Every limit and default of the analytics module, each with why; each is also a setting. */
public final class AnalyticsLimits {
  /**
   * Patterns kept in memory by default. A pattern costs about 1 to 2 KB (template, samples, tree
   * entry), so 20 000 stay under 40 MB, and real systems have a few hundred to a few thousand
   * templates: the cap is only reached by lines the masker does not recognise as variable.
   */
  public static final int DEFAULT_MAX_PATTERNS = 20_000;

  /**
   * Tokens of a line the miner compares; the rest of a longer line becomes one trailing {@code
   * <*>}. Templates seldom have more than 40 tokens, and comparing a multi-kilobyte line token by
   * token would cost the ingest path more than the line is worth to grouping.
   */
  public static final int DEFAULT_MAX_TOKENS = 64;

  /**
   * Characters of a line the miner reads; past them the line counts as cut (a trailing {@code
   * <*>}). Bounds the masking work on a line that is one huge token (a base64 blob).
   */
  public static final int DEFAULT_MAX_LINE_CHARS = 4096;

  /**
   * Share of a pattern's tokens a line must have in common with it, more than this, to join it:
   * with one, two or three tokens differing words never merge ({@code startAnimation begin} and
   * {@code end}). One value for every source: measured on the Loghub-2k corpora
   * (docs/BENCHMARKS.md), not tuned per source.
   */
  public static final double DEFAULT_SIMILARITY = 0.5;

  /**
   * Prefix tokens the parse tree routes by (Drain's depth minus the root and length levels). One: a
   * second word that varies ({@code disk sda}, {@code job alpha}) would split its template with
   * two, and one word still keeps leaves to a few patterns (over 500 000 lines/s measured).
   */
  public static final int DEFAULT_PREFIX_TOKENS = 1;

  /**
   * Children of a tree node before further distinct tokens share the wildcard child: bounds the
   * tree when a prefix token is a variable the masker did not recognise.
   */
  public static final int DEFAULT_MAX_CHILDREN = 100;

  /** Sample lines kept a pattern: enough to show what it looks like, little memory. */
  public static final int DEFAULT_SAMPLES = 3;

  /** Longest sample line kept, in characters; the rest is cut. */
  public static final int MAX_SAMPLE_CHARS = 512;

  /**
   * How often the registry is written to disk when it changed. Pattern ids are derived from the
   * template, so a registry older than the stored lines loses counts, not meaning.
   */
  public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofSeconds(10);

  /**
   * A pattern is "new" only when first seen this long after the registry was created: in the first
   * hour of a store every pattern is new, and saying so is noise.
   */
  public static final Duration DEFAULT_NEW_PATTERN_WARMUP = Duration.ofHours(1);

  /**
   * Clusters looked at to choose one to evict when the cap is reached (sampled LRU, as Redis does):
   * constant work a new pattern however large the registry, and close to exact LRU.
   */
  public static final int EVICTION_SAMPLES = 16;

  /** Most points of one pattern's time series in a report: a sparkline needs no more. */
  public static final int MAX_SERIES_POINTS = 1_000;

  /** Most patterns a report lists, most frequent first. */
  public static final int MAX_REPORT_PATTERNS = 1_000;

  private AnalyticsLimits() {}
}
