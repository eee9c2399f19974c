package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * {@code avg(field)}: the mean of the numeric values of the field. Values that are not numbers are
 * ignored.
 */
public record StatsAvg(String field) implements StatsFunction {

  public StatsAvg {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new NumericState(NumericState.Figure.AVERAGE);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "avg(" + fieldText.apply(field) + ")";
  }
}
