package dev.loupe.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockVerdictTest {

  @ParameterizedTest(name = "{0} and {1} = {2}, or = {3}")
  @CsvSource({
    "NO_ROWS,   NO_ROWS,   NO_ROWS,   NO_ROWS",
    "NO_ROWS,   SOME_ROWS, NO_ROWS,   SOME_ROWS",
    "NO_ROWS,   ALL_ROWS,  NO_ROWS,   ALL_ROWS",
    "SOME_ROWS, SOME_ROWS, SOME_ROWS, SOME_ROWS",
    "SOME_ROWS, ALL_ROWS,  SOME_ROWS, ALL_ROWS",
    "ALL_ROWS,  ALL_ROWS,  ALL_ROWS,  ALL_ROWS",
  })
  void combinesLikeThreeValuedLogic(
      BlockVerdict left, BlockVerdict right, BlockVerdict and, BlockVerdict or) {
    assertThat(left.and(right)).isEqualTo(and);
    assertThat(right.and(left)).isEqualTo(and);
    assertThat(left.or(right)).isEqualTo(or);
    assertThat(right.or(left)).isEqualTo(or);
  }

  @ParameterizedTest(name = "not {0} = {1}")
  @CsvSource({"NO_ROWS, ALL_ROWS", "SOME_ROWS, SOME_ROWS", "ALL_ROWS, NO_ROWS"})
  void negationSwapsTheCertainties(BlockVerdict verdict, BlockVerdict negated) {
    assertThat(verdict.not()).isEqualTo(negated);
  }
}
