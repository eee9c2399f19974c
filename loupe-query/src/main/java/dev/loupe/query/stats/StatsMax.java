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
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "max(" + fieldText.apply(field) + ")";
  }

  private static final class State implements StatsState {
    private double max = Double.NaN;

    @Override
    public void add(String[] values) {
      double value = StatsNumbers.parse(values[0]);
      if (!Double.isNaN(value) && !(value <= max)) {
        max = value;
      }
    }

    @Override
    public void merge(StatsState other) {
      double value = ((State) other).max;
      if (!Double.isNaN(value) && !(value <= max)) {
        max = value;
      }
    }

    @Override
    public String result() {
      return StatsNumbers.format(max);
    }
  }
}
