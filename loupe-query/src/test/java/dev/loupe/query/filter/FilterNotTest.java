package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.FieldNames;
import dev.loupe.core.TimeRange;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterNotTest {
  private static final InMemoryBlock ROWS = block("api", "disk error", "disk ok");

  @Test
  void matchesRowsTheChildDoesNotMatch() {
    FilterNot notError = new FilterNot(new FilterWord(FieldNames.MESSAGE, "error"));
    assertThat(matchingMessages(notError, ROWS)).containsExactly("disk ok");
  }

  @Test
  void neverSkipsByBloom() {
    FilterNot notDisk = new FilterNot(new FilterWord(FieldNames.MESSAGE, "disk"));
    assertThat(notDisk.verdict(ROWS))
        .as("a token that may be present says nothing about the rows without it")
        .isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void anAbsentWordMeansEveryRowMatches() {
    FilterNot notAbsent = new FilterNot(new FilterWord(FieldNames.MESSAGE, "absent"));
    assertThat(notAbsent.verdict(ROWS)).isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void skipsOnExactHeaderFacts() {
    assertThat(new FilterNot(new FilterWord(FieldNames.STREAM, "api")).verdict(ROWS))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterNot(FilterTime.of(TimeRange.ALL)).verdict(ROWS))
        .isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void readsTheChildsColumns() {
    Set<String> columns = new HashSet<>();
    new FilterNot(new FilterWord("level", "debug")).collectColumns(columns);
    assertThat(columns).containsExactly("level");
  }
}
