package dev.loupe.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simple functions ({@link StatsCount}, {@link StatsSum}, {@link StatsAvg}, {@link StatsMin},
 * {@link StatsMax}, {@link StatsCountUniq}) in one table: each fed the same values in one state and
 * split over two merged states, which must agree. Missing values are {@code null}.
 */
class StatsFunctionTest {

  /** Times as {@code _time} prints them: their fractions have different lengths. */
  private static final String[] TIMES = {
    "2026-11-21T10:00:00.002Z", "2026-11-21T10:00:00Z", "not a time", "2026-11-21T10:00:00.016Z"
  };

  static Stream<Arguments> cases() {
    String[] values = {"3", "x", null, "-1.5", "", "10", "3", "2e1"};
    return Stream.of(
        Arguments.of(new StatsCount(), values, "8"),
        Arguments.of(new StatsSum("f"), values, "34.5"),
        Arguments.of(new StatsAvg("f"), values, "6.9"),
        Arguments.of(new StatsMin("f"), values, "-1.5"),
        Arguments.of(new StatsMax("f"), values, "20"),
        Arguments.of(new StatsCountUniq("f"), values, "5"),
        Arguments.of(new StatsSum("f"), new String[] {"a", null}, ""),
        Arguments.of(new StatsAvg("f"), new String[] {}, ""),
        Arguments.of(new StatsMin("f"), new String[] {"12ms"}, ""),
        Arguments.of(new StatsCountUniq("f"), new String[] {}, "0"),
        Arguments.of(new StatsMin("_time"), TIMES, "2026-11-21T10:00:00Z"),
        Arguments.of(new StatsMax("_time"), TIMES, "2026-11-21T10:00:00.016Z"),
        Arguments.of(new StatsMax("_time"), new String[] {"x", null}, ""));
  }

  @ParameterizedTest(name = "{0} over {1} is [{2}]")
  @MethodSource("cases")
  void computesAndMerges(StatsFunction function, String[] values, String expected) {
    StatsState whole = function.newState();
    StatsState first = function.newState();
    StatsState second = function.newState();
    for (int index = 0; index < values.length; index++) {
      String[] row = {values[index]};
      whole.add(row);
      (index % 2 == 0 ? first : second).add(row);
    }
    first.merge(second);
    assertThat(whole.result()).as(Arrays.toString(values)).isEqualTo(expected);
    assertThat(first.result()).isEqualTo(expected);
  }
}
