package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Stream;
import dev.loupe.query.testing.InMemoryBlock;
import org.junit.jupiter.api.Test;

class FilterExactTest {
  private static final Stream API = stream("api");
  private static final InMemoryBlock ROWS =
      InMemoryBlock.of(
          record(API, 1, "upper", "level", "ERROR"),
          record(API, 2, "lower", "level", "error"),
          record(API, 3, "longer", "level", "ERROR: disk"),
          record(API, 4, "empty", "level", ""),
          record(API, 5, "missing"));

  @Test
  void matchesTheWholeValueCaseSensitively() {
    assertThat(matchingMessages(new FilterExact("level", "ERROR"), ROWS)).containsExactly("upper");
    assertThat(matchingMessages(new FilterExact("level", "ERROR: disk"), ROWS))
        .containsExactly("longer");
  }

  @Test
  void theEmptyValueMatchesMissingAndEmpty() {
    assertThat(matchingMessages(new FilterExact("level", ""), ROWS))
        .containsExactly("empty", "missing");
  }

  @Test
  void skipsBlocksLackingATokenOfTheValueOrTheField() {
    assertThat(new FilterExact("level", "ERROR: disk").verdict(ROWS))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(new FilterExact("level", "ERROR: cpu").verdict(ROWS))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterExact("other", "x").verdict(ROWS)).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterExact("other", "").verdict(ROWS)).isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void comparesByFieldAndValue() {
    assertThat(new FilterExact("a", "b"))
        .isEqualTo(new FilterExact("a", "b"))
        .hasSameHashCodeAs(new FilterExact("a", "b"))
        .isNotEqualTo(new FilterExact("a", "B"));
  }
}
