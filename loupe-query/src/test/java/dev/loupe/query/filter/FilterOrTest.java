package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.FieldNames;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterOrTest {
  private static final InMemoryBlock ROWS =
      block("api", "disk error", "network error", "disk ok", "all fine");

  private static FilterWord word(String word) {
    return new FilterWord(FieldNames.MESSAGE, word);
  }

  @Test
  void matchesRowsMatchingAnyChild() {
    FilterOr diskOrNetwork = new FilterOr(List.of(word("disk"), word("network")));
    assertThat(matchingMessages(diskOrNetwork, ROWS))
        .containsExactly("disk error", "network error", "disk ok");
  }

  @Test
  void skipsTheBlockOnlyWhenEveryChildSkipsIt() {
    assertThat(new FilterOr(List.of(word("absent"), word("missing"))).verdict(ROWS))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterOr(List.of(word("absent"), word("disk"))).verdict(ROWS))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(
            new FilterOr(List.of(word("absent"), new FilterWord(FieldNames.STREAM, "api")))
                .verdict(ROWS))
        .isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void needsTwoChildren() {
    assertThatThrownBy(() -> new FilterOr(List.of(word("a"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
