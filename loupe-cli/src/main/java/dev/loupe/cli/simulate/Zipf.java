package dev.loupe.cli.simulate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks a rank from 0 to {@code n - 1} with probability proportional to {@code 1 / (rank +
 * 1)^exponent}: Zipf's law, the popularity curve of web paths, products, users and search words (a
 * few are very common, most are rare).
 *
 * <p>Design: the cumulative weights are computed once into an array, a pick is one uniform number
 * and a binary search (17 steps for 100,000 ranks). Rejection-inversion sampling (Hörmann and
 * Derflinger, 1996) would need no table, but the table is small (8 bytes a rank), exact and simpler
 * to check. Immutable, thread-safe.
 */
final class Zipf {
  private final double[] cumulative;

  Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("a Zipf distribution needs at least one rank: " + n);
    }
    if (!(exponent >= 0)) {
      throw new IllegalArgumentException("the Zipf exponent must be 0 or more: " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += 1.0 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
  }

  int size() {
    return cumulative.length;
  }

  int pick(SplittableRandom random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    int found = Arrays.binarySearch(cumulative, target);
    int rank = found >= 0 ? found : -found - 1;
    return Math.min(rank, cumulative.length - 1);
  }

  /** The probability of {@code rank}. */
  double probability(int rank) {
    double below = rank == 0 ? 0 : cumulative[rank - 1];
    return (cumulative[rank] - below) / cumulative[cumulative.length - 1];
  }
}
