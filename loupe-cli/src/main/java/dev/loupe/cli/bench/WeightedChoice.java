package dev.loupe.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks one of a few items with fixed integer weights in O(1): a table holds each item's index as
 * many times as its weight, and a pick is one random index into it. Weights here sum to at most a
 * few thousand, so the table is small; an alias table would buy nothing. Immutable, thread-safe.
 *
 * @param <T> the item type
 */
final class WeightedChoice<T> {
  /** Sum of weights above which the table would stop being small: then use an alias table. */
  private static final int MAX_TOTAL_WEIGHT = 1 << 16;

  private final List<T> items;
  private final int[] table;

  private WeightedChoice(List<T> items, int[] table) {
    this.items = items;
    this.table = table;
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  T pick(SplittableRandom random) {
    return items.get(table[random.nextInt(table.length)]);
  }

  /** The probability of {@code item}, for tests and for documenting the mix. */
  double probability(T item) {
    int count = 0;
    int index = items.indexOf(item);
    for (int entry : table) {
      if (entry == index) {
        count++;
      }
    }
    return (double) count / table.length;
  }

  List<T> items() {
    return List.copyOf(items);
  }

  /** Collects items and their weights; not thread-safe. */
  static final class Builder<T> {
    private final List<T> items = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();

    Builder<T> add(int weight, T item) {
      if (weight < 1) {
        throw new IllegalArgumentException("weight must be positive: " + weight + " for " + item);
      }
      items.add(item);
      weights.add(weight);
      return this;
    }

    WeightedChoice<T> build() {
      int total = weights.stream().mapToInt(Integer::intValue).sum();
      if (items.isEmpty() || total > MAX_TOTAL_WEIGHT) {
        throw new IllegalStateException(
            "need 1 or more items and weights summing to at most "
                + MAX_TOTAL_WEIGHT
                + ", got "
                + items.size()
                + " items weighing "
                + total);
      }
      int[] table = new int[total];
      int position = 0;
      for (int index = 0; index < items.size(); index++) {
        for (int copy = 0; copy < weights.get(index); copy++) {
          table[position++] = index;
        }
      }
      return new WeightedChoice<>(List.copyOf(items), table);
    }
  }
}
