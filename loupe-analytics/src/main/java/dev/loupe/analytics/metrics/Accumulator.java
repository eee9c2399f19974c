package dev.loupe.analytics.metrics;

import dev.loupe.analytics.AnalyticsLimits;
import java.util.Arrays;

/**
 * The running value of one group in one window. Keeps count, sum, min and max always, and the
 * values themselves only for a quantile (bounded by {@link AnalyticsLimits#MAX_QUANTILE_VALUES};
 * beyond that the quantile is of the first values). Used by the engine thread only.
 */
final class Accumulator {
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double[] values;
  private int valueCount;

  void addCount() {
    count++;
  }

  void add(double value, boolean keepValue) {
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (!keepValue || valueCount >= AnalyticsLimits.MAX_QUANTILE_VALUES) {
      return;
    }
    if (values == null) {
      values = new double[16];
    } else if (valueCount == values.length) {
      values =
          Arrays.copyOf(values, Math.min(values.length * 2, AnalyticsLimits.MAX_QUANTILE_VALUES));
    }
    values[valueCount++] = value;
  }

  long count() {
    return count;
  }

  /** The window's value; NaN when no record carried a number (the point is then not written). */
  double value(Aggregation aggregation) {
    if (aggregation.kind() == Aggregation.Kind.COUNT) {
      return count;
    }
    if (count == 0) {
      return Double.NaN;
    }
    return switch (aggregation.kind()) {
      case SUM -> sum;
      case AVG -> sum / count;
      case MIN -> min;
      case MAX -> max;
      case QUANTILE -> quantile(aggregation.quantile());
      case COUNT -> count;
    };
  }

  /** Nearest-rank quantile of the kept values. */
  private double quantile(double quantile) {
    double[] sorted = Arrays.copyOf(values, valueCount);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }
}
