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
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "min(" + fieldText.apply(field) + ")";
  }

  private static final class State implements StatsState {
    private double min = Double.NaN;

    @Override
    public void add(String[] values) {
      double value = StatsNumbers.parse(values[0]);
      if (!Double.isNaN(value) && !(value >= min)) {
        min = value;
      }
    }

    @Override
    public void merge(StatsState other) {
      double value = ((State) other).min;
      if (!Double.isNaN(value) && !(value >= min)) {
        min = value;
      }
    }

    @Override
    public String result() {
      return StatsNumbers.format(min);
    }
  }
}
