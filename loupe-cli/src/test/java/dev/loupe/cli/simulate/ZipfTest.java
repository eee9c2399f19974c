package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfTest {
  @Test
  void probabilitiesFollowTheLaw() {
    Zipf zipf = new Zipf(1_000, 1.0);
    assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(2.0, within(1e-9));
    assertThat(zipf.probability(0) / zipf.probability(9)).isCloseTo(10.0, within(1e-9));
    double sum = 0;
    for (int rank = 0; rank < zipf.size(); rank++) {
      sum += zipf.probability(rank);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void picksMatchTheProbabilities() {
    Zipf zipf = new Zipf(100, 1.1);
    SplittableRandom random = new SplittableRandom(3);
    int[] counts = new int[100];
    int draws = 200_000;
    for (int draw = 0; draw < draws; draw++) {
      counts[zipf.pick(random)]++;
    }
    for (int rank : new int[] {0, 1, 5, 50}) {
      double expected = zipf.probability(rank) * draws;
      assertThat((double) counts[rank])
          .as("rank %d", rank)
          .isCloseTo(expected, within(5 * Math.sqrt(expected) + 1));
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Zipf(0, 1)).hasMessageContaining("at least one rank");
    assertThatThrownBy(() -> new Zipf(5, -1)).hasMessageContaining("0 or more");
    assertThat(new Zipf(1, 2).pick(new SplittableRandom(1))).isZero();
  }
}
