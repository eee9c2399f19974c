package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.TimeRange;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTimeTest {
  /** Rows at times 1, 2, 3, 4, 5. */
  private static final InMemoryBlock ROWS = block("api", "t1", "t2", "t3", "t4", "t5");

  @ParameterizedTest(name = "{0}{1}, {2}{3} -> {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [ | 2 | 4 | ) | t2 t3
          [ | 2 | 4 | ] | t2 t3 t4
          ( | 2 | 4 | ) | t3
          ( | 2 | 4 | ] | t3 t4
          [ | 0 | 9 | ) | t1 t2 t3 t4 t5
          """)
  void matchesRowsInTheRangeWithItsBrackets(
      String open, long start, long end, String close, String expected) {
    FilterTime range = new FilterTime(start, open.equals("["), end, close.equals("]"));
    assertThat(String.join(" ", matchingMessages(range, ROWS))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}, {1}) -> {2}")
  @CsvSource({
    "0, 1, NO_ROWS",
    "6, 9, NO_ROWS",
    "1, 6, ALL_ROWS",
    "2, 9, SOME_ROWS",
    "0, 5, SOME_ROWS"
  })
  void decidesFromTheBlockTimeRange(long start, long end, BlockVerdict expected) {
    assertThat(FilterTime.of(new TimeRange(start, end)).verdict(ROWS)).isEqualTo(expected);
  }

  @Test
  void rangeIsHalfOpen() {
    assertThat(new FilterTime(2, false, 4, true).range()).isEqualTo(new TimeRange(3, 5));
    assertThat(new FilterTime(2, true, 4, false).range()).isEqualTo(new TimeRange(2, 4));
  }

  @Test
  void rejectsEmptyRanges() {
    assertThatThrownBy(() -> new FilterTime(4, true, 4, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilterTime(4, false, 5, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsNoColumn() {
    Set<String> columns = new HashSet<>();
    FilterTime.of(TimeRange.ALL).collectColumns(columns);
    assertThat(columns).isEmpty();
  }
}
