package dev.loupe.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumericStateTest {
  private static NumericState stateOf(NumericState.Figure figure, String... values) {
    NumericState state = new NumericState(figure);
    for (String value : values) {
      state.add(new String[] {value});
    }
    return state;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SUM, 10", "AVERAGE, 2.5", "MIN, -3", "MAX, 7"})
  void mergedPartsGiveTheSameFigureAsOneState(NumericState.Figure figure, String expected) {
    NumericState whole = stateOf(figure, "7", "x", "-3", "2", "4");
    NumericState left = stateOf(figure, "7", "x");
    left.merge(stateOf(figure, "-3", "2", "4"));
    assertThat(whole.result()).isEqualTo(expected);
    assertThat(left.result()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SUM", "AVERAGE", "MIN", "MAX"})
  void noNumbersGiveAnEmptyResult(NumericState.Figure figure) {
    NumericState state = stateOf(figure, "n/a", "");
    state.merge(stateOf(figure));
    assertThat(state.result()).isEmpty();
  }
}
