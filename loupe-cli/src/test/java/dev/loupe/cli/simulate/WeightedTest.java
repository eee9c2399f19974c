package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedTest {
  @Test
  void picksInProportionToTheWeights() {
    Weighted<String> choice =
        Weighted.<String>builder().add(1, "a").add(2.5, "b").add(6.5, "c").build();
    assertThat(choice.probability(0)).isCloseTo(0.1, within(1e-12));
    assertThat(choice.probability(2)).isCloseTo(0.65, within(1e-12));
    SplittableRandom random = new SplittableRandom(9);
    int b = 0;
    int draws = 100_000;
    for (int draw = 0; draw < draws; draw++) {
      if (choice.pick(random).equals("b")) {
        b++;
      }
    }
    assertThat(b).isBetween(24_400, 25_600);
  }

  @Test
  void refusesEmptyAndNonPositive() {
    assertThatThrownBy(() -> Weighted.builder().build()).hasMessageContaining("at least one item");
    assertThatThrownBy(() -> Weighted.builder().add(0, "x"))
        .hasMessageContaining("weight must be positive");
  }
}
