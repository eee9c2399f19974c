package dev.loupe.analytics.alerts;

import java.util.List;
import java.util.Map;

/**
 * One alert instance as notified and listed: its labels (the rule's, {@code alertname}, and the
 * values of its group) and annotations, state, last value, times (epoch millis; 0 when not yet),
 * whether a silence covers it, its evidence, and its group (the fields that tell the instances of
 * one rule apart, and their values: the {@code by} fields, {@code _pattern} for a new pattern;
 * empty for a rule with one instance).
 */
public record Alert(
    String rule,
    AlertState state,
    Map<String, String> labels,
    Map<String, String> annotations,
    double value,
    long activeSinceMillis,
    long firedAtMillis,
    long resolvedAtMillis,
    boolean silenced,
    Evidence evidence,
    Map<String, String> group) {

  /**
   * What a firing notification shows: matching lines newest first, the top patterns among the
   * matching lines, the explore link; all scoped to the instance's group and to the alert's range.
   */
  public record Evidence(List<String> lines, List<PatternCount> patterns, String exploreUrl) {
    public Evidence {
      lines = List.copyOf(lines);
      patterns = List.copyOf(patterns);
    }
  }

  /**
   * One pattern of the evidence: its id ({@code _pattern}), template (null when the registry no
   * longer keeps it), and how many of the matching lines in the range it has.
   */
  public record PatternCount(String id, String template, long count) {}
}
