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
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "sum(" + fieldText.apply(field) + ")";
  }

  private static final class State implements StatsState {
    private double sum;
    private boolean any;

    @Override
    public void add(String[] values) {
      double value = StatsNumbers.parse(values[0]);
      if (!Double.isNaN(value)) {
        sum += value;
        any = true;
      }
    }

    @Override
    public void merge(StatsState other) {
      State state = (State) other;
      sum += state.sum;
      any |= state.any;
    }

    @Override
    public String result() {
      return any ? StatsNumbers.format(sum) : "";
    }
  }
}
