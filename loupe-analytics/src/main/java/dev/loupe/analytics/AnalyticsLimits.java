package dev.loupe.analytics;

import java.time.Duration;

/** Every limit and default of analytics, each with its reason; each is also a setting. */
public final class AnalyticsLimits {
  private AnalyticsLimits() {}

  // Patterns (dev.loupe.analytics.patterns)

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

  /**
   * Longest key of a {@code key=value} or {@code key:value} token the miner recognises, with its
   * separator: real keys are short, and comparing only this many leading characters keeps a line of
   * long tokens (a JSON body, a URL) from costing its full length against every candidate.
   */
  public static final int MAX_KEY_CHARS = 64;

  /** Most points of one pattern's time series in a report: a sparkline needs no more. */
  public static final int MAX_SERIES_POINTS = 1_000;

  /** Most patterns a report lists, most frequent first. */
  public static final int MAX_REPORT_PATTERNS = 1_000;

  // Metrics and alerts

  /**
   * Batches waiting for the metric engine. The append listener must never block ingest, so a full
   * queue drops the batch for metrics (counted in {@code loupe_metrics_dropped_records_total});
   * 4096 batches is minutes of a busy node's ingest if the engine stalls briefly.
   */
  public static final int DEFAULT_METRIC_QUEUE_BATCHES = 4096;

  /**
   * How long after its end a window stays open for records that arrive late (shippers buffer and
   * retry). Records older than that are counted as late, not added.
   */
  public static final Duration DEFAULT_METRIC_GRACE = Duration.ofSeconds(5);

  /** How long derived points are kept: a month of 10 s windows of a few rules is a few MB. */
  public static final Duration DEFAULT_METRIC_RETENTION = Duration.ofDays(30);

  /** Rules at once: each costs a filter per appended block, so ingest cost grows with them. */
  public static final int MAX_METRIC_RULES = 200;

  /**
   * Label sets one rule keeps in one window. A group-by on a high-cardinality field (a request id)
   * would otherwise grow without bound; extra groups are counted, not kept.
   */
  public static final int MAX_GROUPS_PER_WINDOW = 10_000;

  /** Values a quantile keeps per window and group (exact quantiles over a bounded sample). */
  public static final int MAX_QUANTILE_VALUES = 100_000;

  /** Shortest window: shorter ones would write a frame a rule more often than is useful. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(1);

  /** Longest window: a day keeps the open state bounded and restart recompute short. */
  public static final Duration MAX_WINDOW = Duration.ofDays(1);

  /** Longest text of a label value kept in a point (the file format writes short strings). */
  public static final int MAX_LABEL_VALUE_CHARS = 1024;

  /** Points one range query returns; a chart needs far fewer. */
  public static final int MAX_RANGE_POINTS = 11_000;

  /** How often alert rules are evaluated by default. */
  public static final Duration DEFAULT_ALERT_INTERVAL = Duration.ofSeconds(15);

  /** Log lines of evidence in a firing notification: enough to see what happened, short to read. */
  public static final int EVIDENCE_LINES = 5;

  /**
   * Top patterns of evidence in a firing notification: the few kinds of line that make up the
   * matches say more than more lines of the commonest kind.
   */
  public static final int EVIDENCE_PATTERNS = 5;

  /**
   * Alert instances (label sets) one grouped rule tracks by default (its {@code limit}): a group-by
   * on a high-cardinality field (a request id) would otherwise notify without bound; groups past it
   * are not tracked (logged).
   */
  public static final int DEFAULT_ALERT_INSTANCES = 1_000;

  /** Largest {@code limit} a rule may ask: each instance is state and a notification to read. */
  public static final int MAX_ALERT_INSTANCES = 10_000;

  /**
   * How long a resolved instance whose group has no more lines is still listed (and kept, so it is
   * not notified as new if it comes back at once): Prometheus keeps resolved alerts 15 minutes.
   */
  public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

  /**
   * New patterns whose ids a {@code new_pattern} rule adds to its query as {@code _pattern:=ID}
   * filters, so that blocks without them are skipped; with more, it counts every matching line.
   */
  public static final int MAX_NEW_PATTERN_FILTERS = 64;

  /**
   * Attempts to deliver one notification before it is given up (and counted); the default of {@code
   * --notify-attempts}.
   */
  public static final int NOTIFY_ATTEMPTS = 5;

  /** First retry delay; doubled at each attempt (exponential backoff). */
  public static final Duration NOTIFY_BACKOFF = Duration.ofMillis(500);

  /**
   * How often firing alerts are posted again to Alertmanager: its API resolves an alert that is not
   * repeated before its {@code endsAt}; one minute is Prometheus' own {@code
   * --rules.alert.resend-delay}.
   */
  public static final Duration ALERTMANAGER_RESEND = Duration.ofMinutes(1); // --alertmanager-resend

  /** Wait before the first notification of a new group, so alerts firing together go together. */
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(10);

  /** Least time between two notifications of one group that has changed. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(1);

  /** Alert state changes kept in the history file (older ones are dropped at rewrite). */
  public static final int MAX_ALERT_HISTORY = 10_000;

  /** Panels of one dashboard: a page that must render in a browser. */
  public static final int MAX_PANELS = 50;
}
