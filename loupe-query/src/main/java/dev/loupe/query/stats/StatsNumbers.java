package dev.loupe.query.stats;

import dev.loupe.query.filter.NumberText;

/** Number parsing and printing shared by the numeric functions. Stateless. */
public final class StatsNumbers {
  /** Above this magnitude a double no longer holds every integer exactly. */
  private static final double EXACT_INTEGER_BOUND = 9.007199254740992E15;

  private StatsNumbers() {}

  /**
   * The value as a number, or NaN when it is not one ({@code 12ms}, empty, missing). Uses the same
   * syntax as comparisons ({@code status:>=500}), so what a filter counts as a number, stats does
   * too.
   */
  public static double parse(String value) {
    if (value == null || !NumberText.isNumber(value)) {
      return Double.NaN;
    }
    return Double.parseDouble(value);
  }

  /** Integers without a fraction ({@code 42}, not {@code 42.0}); other numbers as Java prints. */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_BOUND) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
