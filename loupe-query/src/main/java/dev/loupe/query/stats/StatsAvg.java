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
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "avg(" + fieldText.apply(field) + ")";
  }

  private static final class State implements StatsState {
    private double sum;
    private long count;

    @Override
    public void add(String[] values) {
      double value = StatsNumbers.parse(values[0]);
      if (!Double.isNaN(value)) {
        sum += value;
        count++;
      }
    }

    @Override
    public void merge(StatsState other) {
      State state = (State) other;
      sum += state.sum;
      count += state.count;
    }

    @Override
    public String result() {
      return count == 0 ? "" : StatsNumbers.format(sum / count);
    }
  }
}
