package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * {@code sum(field)}: the sum of the numeric values of the field. Values that are not numbers are
 * ignored.
 */
public record StatsSum(String field) implements StatsFunction {

  public StatsSum {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new NumericState(NumericState.Figure.SUM);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "sum(" + fieldText.apply(field) + ")";
  }
}
