package dev.loupe.analytics;

import java.time.Duration;

/** Every limit and default of analytics, each with its reason; each is also a setting. */
public final class AnalyticsLimits {
  private AnalyticsLimits() {}

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

  /** Attempts to deliver one notification before it is given up (and counted). */
  public static final int NOTIFY_ATTEMPTS = 5;

  /** First retry delay; doubled at each attempt (exponential backoff). */
  public static final Duration NOTIFY_BACKOFF = Duration.ofMillis(500);

  /** Wait before the first notification of a new group, so alerts firing together go together. */
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(10);

  /** Least time between two notifications of one group that has changed. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(1);

  /** Alert state changes kept in the history file (older ones are dropped at rewrite). */
  public static final int MAX_ALERT_HISTORY = 10_000;

  /** Panels of one dashboard: a page that must render in a browser. */
  public static final int MAX_PANELS = 50;
}
