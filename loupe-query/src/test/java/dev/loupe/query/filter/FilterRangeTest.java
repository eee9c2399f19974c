package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Stream;
import dev.loupe.query.filter.FilterRange.Kind;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterRangeTest {
  private static final Stream API = stream("api");

  /** One row per value, whose message is the value itself ("-" for a row without it). */
  private static InMemoryBlock values(String... values) {
    List<dev.loupe.core.LogRecord> records = new ArrayList<>();
    for (int index = 0; index < values.length; index++) {
      String value = values[index];
      records.add(
          value.equals("-")
              ? record(API, index + 1, value)
              : record(API, index + 1, value, "x", value));
    }
    return new InMemoryBlock(records);
  }

  @ParameterizedTest(name = "{0}{1}, {2}{3} -> {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [ | 500 | 599  | ] | 500 500.5 550 599
          ( | 500 | 599  | ) | 500.5 550
          [ | 0.5 | 500  | ) | 1 1e2 499.99
          [ |     | 0    | ] | -3 0
          ( | 550 |      | ) | 599 600 1e9
          """)
  void comparesNumbers(String open, String lower, String upper, String close, String expected) {
    InMemoryBlock rows =
        values(
            "-3", "0", "1", "1e2", "499.99", "500", "500.5", "550", "599", "600", "1e9", "abc",
            "12x", "-");
    FilterRange range =
        new FilterRange(
            "x",
            Kind.NUMBER,
            blankToNull(lower),
            open.equals("["),
            blankToNull(upper),
            close.equals("]"));
    List<String> matching = matchingMessages(range, rows);
    assertThat(String.join(" ", matching)).isEqualTo(expected);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  @Test
  void nonNumbersAndMissingValuesNeverMatch() {
    FilterRange any = FilterRange.greaterThan("x", Kind.NUMBER, "-1e300", false);
    assertThat(matchingMessages(any, values("abc", "12x", "NaN", "-", "1.", "7")))
        .containsExactly("7");
  }

  @Test
  void comparesTextLexicographically() {
    FilterRange afterM = FilterRange.greaterThan("x", Kind.STRING, "m", false);
    assertThat(matchingMessages(afterM, values("a", "m", "mo", "z", "M", "-")))
        .containsExactly("mo", "z");
  }

  @ParameterizedTest(name = "ints {0}..{1}, >= {2} -> {3}")
  @CsvSource({
    "200, 299, 500, NO_ROWS",
    "200, 500, 500, SOME_ROWS",
    "500, 599, 500, SOME_ROWS",
    "200, 499, 499.5, NO_ROWS"
  })
  void skipsBlocksByTheirIntegerRange(String min, String max, String lower, BlockVerdict expected) {
    FilterRange range = FilterRange.greaterThan("x", Kind.NUMBER, lower, true);
    assertThat(range.verdict(values(min, max))).isEqualTo(expected);
  }

  @Test
  void skipsBlocksWithoutTheColumnButNeverProvesAllRows() {
    FilterRange range = new FilterRange("x", Kind.NUMBER, "0", true, "10", true);
    assertThat(range.verdict(values("-"))).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(range.verdict(values("1", "2"))).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(range.verdict(values("1", "abc", "99"))).isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void rejectsEmptyAndMalformedRanges() {
    assertThatThrownBy(() -> new FilterRange("x", Kind.NUMBER, "5", true, "4", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilterRange("x", Kind.NUMBER, "5", false, "5", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilterRange("x", Kind.NUMBER, "abc", true, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilterRange("x", Kind.NUMBER, null, true, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new FilterRange("x", Kind.NUMBER, "5", true, "5", true).lower()).isEqualTo("5");
  }
}
