package dev.loupe.analytics.alerts;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where alert rules get their values and evidence from: log lines through the query executor,
 * metric points from the metric engine, new patterns from the pattern registry. The server wires
 * the real one ({@link StorageAlertSource}); it is an interface so the evaluator knows nothing of
 * storage.
 */
public interface AlertSource {

  /**
   * One group's value at an evaluation.
   *
   * @param group the fields that tell the group apart and their values, sorted (empty for a rule
   *     without {@code by}); {@code _pattern} for a {@code new_pattern} rule
   * @param value lines in the range, or the metric's sum over the range of closed windows
   * @param pattern the new pattern of a {@code new_pattern} sample, else null
   */
  record Sample(SortedMap<String, String> group, double value, NewPattern pattern) {
    public Sample {
      group = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(group));
    }
  }

  /** A pattern first seen inside the range: its id, template and first-seen time (lines' time). */
  record NewPattern(String id, String template, long firstSeenNanos) {
    public NewPattern {
      requireNonNull(id, "id is null");
      requireNonNull(template, "template is null");
    }
  }

  /**
   * The rule's values at {@code nowMillis}, one per group with lines (or points) in the range; a
   * rule without groups (not {@code new_pattern}) always gets exactly one, with an empty group.
   */
  List<Sample> samples(AlertRule rule, long nowMillis);

  /**
   * The rule's values at {@code nowMillis} as of {@code asOfMillis} (what {@link #asOf} answered
   * just before): one answer for both, even when a metric window closes between the two calls.
   */
  default List<Sample> samples(AlertRule rule, long nowMillis, long asOfMillis) {
    return samples(rule, nowMillis);
  }

  /**
   * The time the rule's values at {@code nowMillis} are as of: {@code nowMillis} for log lines; for
   * a metric, the end of its newest closed window, so a value changes only when a window closes (a
   * {@code rate} rule divides by the time between these, not between evaluations).
   */
  default long asOf(AlertRule rule, long nowMillis) {
    return nowMillis;
  }

  /** The log query the rule watches (its own, or its metric rule's), for links and evidence. */
  String query(AlertRule rule);

  /**
   * Up to {@code limit} lines of {@code query} in {@code [startMillis, endMillis]}, newest first.
   */
  List<String> lines(AlertRule rule, String query, long startMillis, long endMillis, int limit);

  /**
   * The {@code limit} most frequent patterns among the lines of {@code query} in {@code
   * [startMillis, endMillis]}, most lines first; empty when pattern mining is off.
   */
  List<Alert.PatternCount> patterns(
      AlertRule rule, String query, long startMillis, long endMillis, int limit);

  /**
   * Refuses, with a message saying why, a rule this source cannot evaluate (a metric rule that does
   * not exist or lacks a group field, a pattern rule when mining is off). Accepts every rule by
   * default.
   */
  default void check(AlertRule rule) {}
}
