package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.FieldNames;
import dev.loupe.core.TimeRange;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterAndTest {
  private static final InMemoryBlock ROWS =
      block("api", "disk error", "network error", "disk ok", "network ok");

  private static FilterWord word(String word) {
    return new FilterWord(FieldNames.MESSAGE, word);
  }

  @Test
  void matchesRowsMatchingEveryChild() {
    FilterAnd diskError = new FilterAnd(List.of(word("disk"), word("error")));
    assertThat(matchingMessages(diskError, ROWS)).containsExactly("disk error");
  }

  @Test
  void skipsTheBlockWhenAnyChildSkipsIt() {
    assertThat(new FilterAnd(List.of(word("disk"), word("absent"))).verdict(ROWS))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterAnd(List.of(word("disk"), word("error"))).verdict(ROWS))
        .isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void allRowsOnlyWhenEveryChildSaysSo() {
    FilterTime everything = FilterTime.of(TimeRange.ALL);
    FilterWord onStream = new FilterWord(FieldNames.STREAM, "api");
    assertThat(new FilterAnd(List.of(everything, onStream)).verdict(ROWS))
        .isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(new FilterAnd(List.of(everything, word("disk"))).verdict(ROWS))
        .isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void needsTwoChildren() {
    assertThatThrownBy(() -> new FilterAnd(List.of(word("a"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
