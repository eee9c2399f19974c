package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;

/**
 * A comparison or a range on a field's value: {@code status:>=500}, {@code latency_ms:<250.5},
 * {@code status:[500, 599]}, {@code status:(100, 200)}, and with quoted bounds the same on text:
 * {@code name:>"m"}, {@code version:["1.2", "1.4")}.
 *
 * <p>Numbers ({@link Kind#NUMBER}): a row matches when its value is a number (an optional sign,
 * digits, an optional fraction and an optional exponent: {@code 500}, {@code -3}, {@code 0.25},
 * {@code 1e3}) within the bounds; a row whose value is not a number, or that has none, does not.
 * Integers are compared exactly as 64-bit integers; when a decimal is involved the comparison is on
 * doubles (so integers beyond 2^53 against a decimal bound are compared approximately). Text
 * ({@link Kind#STRING}): lexicographic by UTF-16 code unit ({@link String#compareTo}),
 * case-sensitive; a row without the field does not match.
 *
 * <p>Block skipping: a block without the column is skipped. For numbers, a block whose column is
 * all integers ({@link BlockRef#integerRange}) is skipped when its [min, max] does not overlap the
 * bounds. A block wholly inside them is still {@link BlockVerdict#SOME_ROWS}: the header does not
 * tell whether every row has the column. Rows parse without allocating unless they hold a decimal.
 * Compares by field, kind and bounds as written. Immutable and thread-safe.
 */
public final class FilterRange implements Filter {

  /** Whether bounds and values compare as numbers or as text. */
  public enum Kind {
    NUMBER,
    STRING
  }

  private final String field;
  private final Kind kind;
  private final String lower;
  private final boolean lowerInclusive;
  private final String upper;
  private final boolean upperInclusive;
  private final Bound lowerBound;
  private final Bound upperBound;

  /**
   * @param field the field name
   * @param kind number or text comparison
   * @param lower the lower bound as written, or null for none
   * @param lowerInclusive whether a value equal to {@code lower} matches
   * @param upper the upper bound as written, or null for none
   * @param upperInclusive whether a value equal to {@code upper} matches
   * @throws IllegalArgumentException when both bounds are missing, a number bound is not a number,
   *     or no value can lie within the bounds
   */
  public FilterRange(
      String field,
      Kind kind,
      String lower,
      boolean lowerInclusive,
      String upper,
      boolean upperInclusive) {
    this.field = requireNonNull(field, "field is null");
    this.kind = requireNonNull(kind, "kind is null");
    FieldAccess.requireFieldName(field);
    if (lower == null && upper == null) {
      throw new IllegalArgumentException("a range needs at least one bound");
    }
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.lowerBound = kind == Kind.NUMBER && lower != null ? Bound.parse(lower) : null;
    this.upperBound = kind == Kind.NUMBER && upper != null ? Bound.parse(upper) : null;
    if (lower != null && upper != null && isEmpty()) {
      throw new IllegalArgumentException(
          "the range is empty: no value lies between " + lower + " and " + upper);
    }
  }

  /** {@code field:>value} and the like: one bound. */
  public static FilterRange greaterThan(String field, Kind kind, String lower, boolean inclusive) {
    return new FilterRange(field, kind, lower, inclusive, null, false);
  }

  public static FilterRange lessThan(String field, Kind kind, String upper, boolean inclusive) {
    return new FilterRange(field, kind, null, false, upper, inclusive);
  }

  /**
   * True when {@code text} is a number in the sense of this filter ({@code 500}, {@code -2.5e3}).
   */
  public static boolean isNumber(String text) {
    return NumberText.isNumber(text);
  }

  private boolean isEmpty() {
    int order = kind == Kind.NUMBER ? lowerBound.compareTo(upperBound) : lower.compareTo(upper);
    return order > 0 || (order == 0 && !(lowerInclusive && upperInclusive));
  }

  public String field() {
    return field;
  }

  public Kind kind() {
    return kind;
  }

  /** The lower bound as written, or null. */
  public String lower() {
    return lower;
  }

  public boolean lowerInclusive() {
    return lowerInclusive;
  }

  /** The upper bound as written, or null. */
  public String upper() {
    return upper;
  }

  public boolean upperInclusive() {
    return upperInclusive;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict header =
        FieldAccess.headerVerdict(
            field, block, this::matchesValue, BlockVerdict.SOME_ROWS, BlockVerdict.NO_ROWS);
    if (header != null) {
      return header;
    }
    if (kind == Kind.NUMBER) {
      long[] integerRange = block.integerRange(field);
      if (integerRange != null && !overlaps(integerRange[0], integerRange[1])) {
        return BlockVerdict.NO_ROWS;
      }
    }
    // Even a block whose values all lie within the bounds is SOME_ROWS: rows without the column do
    // not match, and the header does not say whether there are any.
    return BlockVerdict.SOME_ROWS;
  }

  private boolean overlaps(long min, long max) {
    boolean maxBelow = lowerBound != null && isBelowLower(lowerBound.compareToLong(max));
    boolean minAbove = upperBound != null && isAboveUpper(upperBound.compareToLong(min));
    return !maxBelow && !minAbove;
  }

  /** {@code boundMinusValue} is the sign of (lower bound - value). */
  private boolean isBelowLower(int boundMinusValue) {
    return boundMinusValue > 0 || (boundMinusValue == 0 && !lowerInclusive);
  }

  /** {@code boundMinusValue} is the sign of (upper bound - value). */
  private boolean isAboveUpper(int boundMinusValue) {
    return boundMinusValue < 0 || (boundMinusValue == 0 && !upperInclusive);
  }

  @Override
  public boolean matches(Block block, int row) {
    return matchesValue(FieldAccess.value(field, block, row));
  }

  private boolean matchesValue(String value) {
    if (value == null) {
      return false;
    }
    if (kind == Kind.STRING) {
      return (lower == null || !isBelowLower(lower.compareTo(value)))
          && (upper == null || !isAboveUpper(upper.compareTo(value)));
    }
    if (!NumberText.isNumber(value)) {
      return false;
    }
    if (NumberText.isShortInteger(value)) {
      long number = NumberText.parseShortInteger(value);
      return (lowerBound == null || !isBelowLower(lowerBound.compareToLong(number)))
          && (upperBound == null || !isAboveUpper(upperBound.compareToLong(number)));
    }
    double number = Double.parseDouble(value);
    return (lowerBound == null || !isBelowLower(lowerBound.compareToDouble(number)))
        && (upperBound == null || !isAboveUpper(upperBound.compareToDouble(number)));
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterRange that
        && field.equals(that.field)
        && kind == that.kind
        && Objects.equals(lower, that.lower)
        && lowerInclusive == that.lowerInclusive
        && Objects.equals(upper, that.upper)
        && upperInclusive == that.upperInclusive;
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, kind, lower, lowerInclusive, upper, upperInclusive);
  }

  @Override
  public String toString() {
    return "FilterRange[field="
        + field
        + ", kind="
        + kind
        + ", "
        + (lowerInclusive ? "[" : "(")
        + lower
        + ", "
        + upper
        + (upperInclusive ? "]" : ")")
        + "]";
  }

  /**
   * A number bound: exact as a long when it is a short integer, else a double.
   *
   * @param isInteger whether {@code integer} holds the exact value
   */
  private record Bound(boolean isInteger, long integer, double decimal) {

    static Bound parse(String text) {
      if (!NumberText.isNumber(text)) {
        throw new IllegalArgumentException("not a number: " + text);
      }
      if (NumberText.isShortInteger(text)) {
        long value = NumberText.parseShortInteger(text);
        return new Bound(true, value, value);
      }
      return new Bound(false, 0, Double.parseDouble(text));
    }

    /** The sign of (this - value). */
    int compareToLong(long value) {
      return isInteger ? Long.compare(integer, value) : Double.compare(decimal, value);
    }

    /** The sign of (this - value). */
    int compareToDouble(double value) {
      return Double.compare(isInteger ? integer : decimal, value);
    }

    int compareTo(Bound other) {
      if (isInteger && other.isInteger) {
        return Long.compare(integer, other.integer);
      }
      return Double.compare(
          isInteger ? integer : decimal, other.isInteger ? other.integer : other.decimal);
    }
  }
}
