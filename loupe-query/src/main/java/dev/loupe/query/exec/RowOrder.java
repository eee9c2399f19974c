package dev.loupe.query.exec;

import dev.loupe.query.filter.NumberText;
import dev.loupe.query.pipe.PipeSort;
import java.util.Comparator;

/**
 * The order of {@code sort by}: per key, two numbers compare as numbers, a number comes before
 * text, two texts compare by UTF-16 code unit (as range filters on text do); a missing value is
 * empty text. {@code desc} reverses that key. A total order, so the sort is well defined.
 * Stateless.
 */
final class RowOrder {
  private RowOrder() {}

  static Comparator<ResultRow> of(PipeSort pipe) {
    Comparator<ResultRow> order = null;
    for (PipeSort.Key key : pipe.keys()) {
      Comparator<ResultRow> byKey =
          Comparator.comparing(row -> valueOf(row, key.field()), RowOrder::compareValues);
      if (key.descending()) {
        byKey = byKey.reversed();
      }
      order = order == null ? byKey : order.thenComparing(byKey);
    }
    return order;
  }

  private static String valueOf(ResultRow row, String field) {
    String value = row.value(field);
    return value == null ? "" : value;
  }

  static int compareValues(String left, String right) {
    boolean leftNumber = NumberText.isNumber(left);
    boolean rightNumber = NumberText.isNumber(right);
    if (leftNumber && rightNumber) {
      return Double.compare(Double.parseDouble(left), Double.parseDouble(right));
    }
    if (leftNumber != rightNumber) {
      return leftNumber ? -1 : 1;
    }
    return left.compareTo(right);
  }
}
