package dev.loupe.analytics.alerts;

import java.util.List;
import java.util.Map;

/**
 * One alert as notified and listed: its rule's labels and annotations, state, last value, times
 * (epoch millis; 0 when not yet), whether a silence covers it, and its evidence.
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
    Evidence evidence) {

  /** What a firing notification shows: lines newest first, top patterns, the explore link. */
  public record Evidence(List<String> lines, List<String> patterns, String exploreUrl) {}
}
