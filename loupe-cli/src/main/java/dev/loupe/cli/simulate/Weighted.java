package dev.loupe.cli.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks one of a few items with fixed weights: one uniform number and a walk over the cumulative
 * weights. The lists here hold a handful to a few dozen items, where a walk beats any table.
 * Immutable, thread-safe.
 *
 * @param <T> the item type
 */
final class Weighted<T> {
  private final List<T> items;
  private final double[] cumulative;

  private Weighted(List<T> items, double[] cumulative) {
    this.items = items;
    this.cumulative = cumulative;
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  T pick(SplittableRandom random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int index = 0; index < cumulative.length - 1; index++) {
      if (target < cumulative[index]) {
        return items.get(index);
      }
    }
    return items.getLast();
  }

  /** The probability of the item at {@code index}. */
  double probability(int index) {
    double below = index == 0 ? 0 : cumulative[index - 1];
    return (cumulative[index] - below) / cumulative[cumulative.length - 1];
  }

  /** Collects items and weights; not thread-safe. */
  static final class Builder<T> {
    private final List<T> items = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    Builder<T> add(double weight, T item) {
      if (!(weight > 0)) {
        throw new IllegalArgumentException("weight must be positive: " + weight + " for " + item);
      }
      items.add(item);
      weights.add(weight);
      return this;
    }

    Weighted<T> build() {
      if (items.isEmpty()) {
        throw new IllegalStateException("a weighted choice needs at least one item");
      }
      double[] cumulative = new double[items.size()];
      double sum = 0;
      for (int index = 0; index < cumulative.length; index++) {
        sum += weights.get(index);
        cumulative[index] = sum;
      }
      return new Weighted<>(List.copyOf(items), cumulative);
    }
  }
}
