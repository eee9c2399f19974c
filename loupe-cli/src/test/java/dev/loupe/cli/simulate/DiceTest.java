package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DiceTest {
  @Test
  void idsHaveTheirUsualShapes() {
    Dice dice = new Dice(1);
    for (int round = 0; round < 1_000; round++) {
      String uuid = dice.uuid();
      assertThat(UUID.fromString(uuid).version()).isEqualTo(4);
      assertThat(UUID.fromString(uuid).variant()).isEqualTo(2);
      assertThat(dice.hex(32)).matches("[0-9a-f]{32}");
      assertThat(dice.base64(43)).matches("[A-Za-z0-9+/]{43}");
      assertThat(dice.between(3, 5)).isBetween(3, 5);
    }
    assertThat(Dice.fixed(3.14159, 3)).isEqualTo("3.142");
    assertThat(Dice.fixed(2, 2)).isEqualTo("2.00");
    assertThat(Dice.fixed(0.0042, 3)).isEqualTo("0.004");
  }

  @Test
  void latenciesAreLogNormalAroundTheMedianWithATail() {
    Dice dice = new Dice(2);
    long[] micros = new long[20_001];
    for (int index = 0; index < micros.length; index++) {
      micros[index] = dice.latencyMicros(40);
    }
    Arrays.sort(micros);
    assertThat(micros[micros.length / 2] / 1_000.0).isCloseTo(40, within(3.0));
    assertThat(micros[(int) (micros.length * 0.999)] / 1_000.0).isGreaterThan(250);
  }

  @Test
  void gaussianAndExponentialHaveTheirMoments() {
    Dice dice = new Dice(3);
    double sum = 0;
    double squares = 0;
    double exponential = 0;
    int draws = 100_000;
    for (int draw = 0; draw < draws; draw++) {
      double value = dice.gaussian();
      sum += value;
      squares += value * value;
      exponential += dice.exponential();
    }
    assertThat(sum / draws).isCloseTo(0, within(0.02));
    assertThat(squares / draws).isCloseTo(1, within(0.02));
    assertThat(exponential / draws).isCloseTo(1, within(0.02));
  }
}
