package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * {@code min(field)}: the smallest numeric value of the field. Values that are not numbers are
 * ignored.
 */
public record StatsMin(String field) implements StatsFunction {

  public StatsMin {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new NumericState(NumericState.Figure.MIN);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "min(" + fieldText.apply(field) + ")";
  }
}
