package dev.loupe.analytics.metrics;

import static java.util.Objects.requireNonNull;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The value of one rule for one label set in one closed window {@code [startMillis, endMillis)}.
 *
 * @param labels the group-by fields and their values (empty text when a record had none), sorted
 */
public record MetricPoint(
    long startMillis, long endMillis, SortedMap<String, String> labels, double value) {
  public MetricPoint {
    requireNonNull(labels, "labels is null");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }
}
