package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchesMessage;
import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.query.testing.InMemoryBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterPhraseTest {

  @ParameterizedTest(name = "\"{0}\" in [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          connection refused | dial tcp 10.0.0.1:80: Connection refused | true
          connection refused | CONNECTION REFUSED                      | true
          connection refused | reconnection refused                    | false
          connection refused | connection was refused                  | false
          connection refused | refused connection                      | false
          user=bob           | login user=bob ok                       | true
          ': refused'        | dial: refused                           | true
          """)
  void matchesThePhraseAtTokenBoundaries(String phrase, String message, boolean expected) {
    assertThat(matchesMessage(new FilterPhrase(FieldNames.MESSAGE, phrase), message))
        .isEqualTo(expected);
  }

  @Test
  void skipsBlocksUnlessEveryTokenOfThePhraseIsPresent() {
    FilterPhrase phrase = new FilterPhrase(FieldNames.MESSAGE, "connection refused");
    assertThat(phrase.verdict(block("api", "connection refused")))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(phrase.verdict(block("api", "connection reset", "request refused")))
        .as("both tokens present, not adjacent: the bloom cannot tell, rows must be read")
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(phrase.verdict(block("api", "connection reset"))).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void aPhraseWithoutTokensSkipsOnlyBlocksWithoutTheField() {
    FilterPhrase arrow = new FilterPhrase("path", "->");
    Stream api = stream("api");
    assertThat(arrow.verdict(InMemoryBlock.of(record(api, 1, "x", "path", "a"))))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(arrow.verdict(block("api", "a -> b"))).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void theEmptyPhraseMatchesMissingOrEmptyValues() {
    Stream api = stream("api");
    InMemoryBlock rows =
        InMemoryBlock.of(
            record(api, 1, "missing"),
            record(api, 2, "empty", "user", ""),
            record(api, 3, "present", "user", "bob"));
    FilterPhrase noUser = new FilterPhrase("user", "");
    assertThat(matchingMessages(noUser, rows)).containsExactly("missing", "empty");
    assertThat(noUser.verdict(rows)).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(noUser.verdict(block("api", "no user column"))).isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void comparesByFieldAndPhrase() {
    assertThat(new FilterPhrase("a", "b c"))
        .isEqualTo(new FilterPhrase("a", "b c"))
        .hasSameHashCodeAs(new FilterPhrase("a", "b c"))
        .isNotEqualTo(new FilterPhrase("a", "b"))
        .isNotEqualTo(new FilterWord("a", "b c"));
  }
}
