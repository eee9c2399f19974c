package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedChoiceTest {
  @Test
  void picksInProportionToWeights() {
    WeightedChoice<String> choice =
        WeightedChoice.<String>builder().add(3, "often").add(1, "rarely").build();
    SplittableRandom random = new SplittableRandom(99);
    int often = 0;
    for (int pick = 0; pick < 40_000; pick++) {
      if (choice.pick(random).equals("often")) {
        often++;
      }
    }

    assertThat(choice.probability("often")).isEqualTo(0.75);
    assertThat(often / 40_000.0).isCloseTo(0.75, within(0.02));
  }

  @Test
  void refusesNonPositiveWeightsAndEmptyChoices() {
    assertThatThrownBy(() -> WeightedChoice.<String>builder().add(0, "never"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WeightedChoice.<String>builder().build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void appEventLevelsAreAsDocumented() {
    assertThat(levelShare("debug")).isCloseTo(0.15, within(1e-9));
    assertThat(levelShare("info")).isCloseTo(0.70, within(1e-9));
    assertThat(levelShare("warn")).isCloseTo(0.10, within(1e-9));
    assertThat(levelShare("error")).isCloseTo(0.05, within(1e-9));
  }

  private static double levelShare(String level) {
    return LineApp.EVENTS.items().stream()
        .filter(event -> event.level().equals(level))
        .mapToDouble(LineApp.EVENTS::probability)
        .sum();
  }
}
