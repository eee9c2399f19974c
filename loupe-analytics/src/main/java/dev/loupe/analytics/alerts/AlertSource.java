package dev.loupe.analytics.alerts;

import java.util.List;

/**
 * Where alert rules get their values and evidence from: log lines through the query executor,
 * metric points from the metric engine. The server wires the real one; it is an interface so the
 * evaluator knows nothing of storage.
 */
public interface AlertSource {
  /** The rule's value at {@code nowMillis}: lines in the range, or the metric's sum in it. */
  double value(AlertRule rule, long nowMillis);

  /** The log query the rule watches (its own, or its metric rule's), for links and evidence. */
  String query(AlertRule rule);

  /** Up to {@code limit} matching lines in {@code [startMillis, endMillis]}, newest first. */
  List<String> lines(AlertRule rule, long startMillis, long endMillis, int limit);

  /**
   * The top patterns among the evidence lines. Extension point for the patterns registry (not in
   * this build): empty.
   */
  default List<String> patterns(List<String> lines) {
    return List.of();
  }
}
