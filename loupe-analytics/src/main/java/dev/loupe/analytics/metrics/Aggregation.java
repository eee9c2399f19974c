package dev.loupe.analytics.metrics;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;

/**
 * What a rule computes over the matching records of a window: {@code count}, or {@code sum}, {@code
 * avg}, {@code min}, {@code max}, a quantile ({@code p50}, {@code p99}, {@code quantile(0.999)}) of
 * a numeric field.
 */
public record Aggregation(Kind kind, double quantile) {
  public enum Kind {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX,
    QUANTILE
  }

  public Aggregation {
    if (kind == Kind.QUANTILE && !(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile out of [0, 1]: " + quantile);
    }
  }

  public static Aggregation parse(String text, String where) {
    String name = text == null ? "count" : text.strip().toLowerCase(java.util.Locale.ROOT);
    switch (name) {
      case "count":
        return new Aggregation(Kind.COUNT, 0);
      case "sum":
        return new Aggregation(Kind.SUM, 0);
      case "avg":
        return new Aggregation(Kind.AVG, 0);
      case "min":
        return new Aggregation(Kind.MIN, 0);
      case "max":
        return new Aggregation(Kind.MAX, 0);
      default:
        break;
    }
    try {
      if (name.matches("p\\d{1,2}(\\.\\d+)?")) {
        return new Aggregation(Kind.QUANTILE, Double.parseDouble(name.substring(1)) / 100);
      }
      if (name.startsWith("quantile(") && name.endsWith(")")) {
        return new Aggregation(
            Kind.QUANTILE, Double.parseDouble(name.substring(9, name.length() - 1)));
      }
    } catch (IllegalArgumentException badNumber) {
      // falls through to the error below, which says what is accepted
    }
    throw new LoupeException(
        ErrorCode.BAD_REQUEST,
        where
            + ": unknown aggregation '"
            + text
            + "'; use count, sum, avg, min, max, p50, p99 or quantile(0.999)");
  }

  /** Whether the aggregation reads a numeric field. */
  public boolean needsField() {
    return kind != Kind.COUNT;
  }

  /**
   * How window values combine into a coarser step of a range query: counts and sums add, min and
   * max keep theirs; averages and quantiles of windows are averaged (an approximation, documented).
   */
  double combine(double left, double right) {
    return switch (kind) {
      case COUNT, SUM -> left + right;
      case MIN -> Math.min(left, right);
      case MAX -> Math.max(left, right);
      case AVG, QUANTILE -> Double.NaN; // averaged by the caller, which knows how many
    };
  }

  @Override
  public String toString() {
    if (kind == Kind.QUANTILE) {
      return "quantile(" + quantile + ")";
    }
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
