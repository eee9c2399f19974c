package dev.loupe.query.stats;

/**
 * The running state of {@code sum}, {@code avg}, {@code min} and {@code max}: count, sum and
 * extremes of the numeric values seen, mergeable in any order. One state class for the four, each
 * function choosing which figure it reports. Values that are not numbers are ignored; with none,
 * the result is empty.
 */
final class NumericState implements StatsState {
  /** Which figure the function reports. */
  enum Figure {
    SUM,
    AVERAGE,
    MIN,
    MAX
  }

  private final Figure figure;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  NumericState(Figure figure) {
    this.figure = figure;
  }

  @Override
  public void add(String[] values) {
    double value = StatsNumbers.parse(values[0]);
    if (Double.isNaN(value)) {
      return;
    }
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  @Override
  public void merge(StatsState other) {
    NumericState state = (NumericState) other;
    count += state.count;
    sum += state.sum;
    min = Math.min(min, state.min);
    max = Math.max(max, state.max);
  }

  @Override
  public String result() {
    if (count == 0) {
      return "";
    }
    return StatsNumbers.format(
        switch (figure) {
          case SUM -> sum;
          case AVERAGE -> sum / count;
          case MIN -> min;
          case MAX -> max;
        });
  }
}
