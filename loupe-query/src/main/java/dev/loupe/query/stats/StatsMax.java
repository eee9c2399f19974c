package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * {@code max(field)}: the largest numeric value of the field. Values that are not numbers are
 * ignored.
 */
public record StatsMax(String field) implements StatsFunction {

  public StatsMax {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new NumericState(NumericState.Figure.MAX);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "max(" + fieldText.apply(field) + ")";
  }
}
