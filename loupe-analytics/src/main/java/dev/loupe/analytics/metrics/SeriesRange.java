package dev.loupe.analytics.metrics;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns stored window points into chart series: points of windows starting in {@code [start, end)},
 * bucketed by {@code step} (aligned to multiples of the step), keeping only the {@code by} labels
 * (all of the rule's when null). Counts and sums of windows and of dropped labels add up; min and
 * max keep theirs; averages and quantiles are averaged over the windows and groups that fall in one
 * bucket (an approximation: the exact value would need the raw records).
 */
public final class SeriesRange {
  /** One series: its labels and its {@code [timeMillis, value]} points in time order. */
  public record Series(SortedMap<String, String> labels, List<double[]> values) {}

  private SeriesRange() {}

  public static List<Series> compute(
      List<MetricPoint> points,
      Aggregation aggregation,
      long startMillis,
      long endMillis,
      long stepMillis,
      List<String> by) {
    if (stepMillis <= 0) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "step must be positive");
    }
    if ((endMillis - startMillis) / stepMillis > AnalyticsLimits.MAX_RANGE_POINTS) {
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          "range/step gives more than "
              + AnalyticsLimits.MAX_RANGE_POINTS
              + " points; use a larger step");
    }
    Map<SortedMap<String, String>, TreeMap<Long, double[]>> buckets =
        new TreeMap<>(SeriesRange::compareLabels);
    for (MetricPoint point : points) {
      if (point.startMillis() < startMillis || point.startMillis() >= endMillis) {
        continue;
      }
      SortedMap<String, String> labels = keep(point.labels(), by);
      long bucket = Math.floorDiv(point.startMillis(), stepMillis) * stepMillis;
      double[] sumAndCount =
          buckets
              .computeIfAbsent(labels, key -> new TreeMap<>())
              .computeIfAbsent(bucket, key -> null);
      TreeMap<Long, double[]> series = buckets.get(labels);
      if (sumAndCount == null) {
        series.put(bucket, new double[] {point.value(), 1});
        continue;
      }
      double combined = aggregation.combine(sumAndCount[0], point.value());
      sumAndCount[0] = Double.isNaN(combined) ? sumAndCount[0] + point.value() : combined;
      sumAndCount[1]++;
    }
    boolean averaged =
        aggregation.kind() == Aggregation.Kind.AVG
            || aggregation.kind() == Aggregation.Kind.QUANTILE;
    List<Series> result = new ArrayList<>();
    for (Map.Entry<SortedMap<String, String>, TreeMap<Long, double[]>> entry : buckets.entrySet()) {
      List<double[]> values = new ArrayList<>();
      for (Map.Entry<Long, double[]> bucket : entry.getValue().entrySet()) {
        double[] sumAndCount = bucket.getValue();
        double value = averaged ? sumAndCount[0] / sumAndCount[1] : sumAndCount[0];
        values.add(new double[] {bucket.getKey(), value});
      }
      result.add(new Series(entry.getKey(), values));
    }
    return result;
  }

  private static SortedMap<String, String> keep(SortedMap<String, String> labels, List<String> by) {
    if (by == null) {
      return labels;
    }
    TreeMap<String, String> kept = new TreeMap<>();
    for (String name : by) {
      String value = labels.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept;
  }

  private static int compareLabels(
      SortedMap<String, String> left, SortedMap<String, String> right) {
    return left.toString().compareTo(right.toString());
  }
}
