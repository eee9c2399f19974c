package dev.loupe.query.stats;

import java.util.List;
import java.util.function.Function;

/** {@code count()}: the number of rows of the group. */
public record StatsCount() implements StatsFunction {

  @Override
  public List<String> fields() {
    return List.of();
  }

  @Override
  public StatsState newState() {
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "count()";
  }

  /** A running count; {@link #addRows} lets a block be counted from its header alone. */
  public static final class State implements StatsState {
    private long count;

    @Override
    public void add(String[] values) {
      count++;
    }

    /** Adds {@code rows} rows at once. */
    public void addRows(long rows) {
      count += rows;
    }

    @Override
    public void merge(StatsState other) {
      count += ((State) other).count;
    }

    @Override
    public String result() {
      return Long.toString(count);
    }
  }
}
