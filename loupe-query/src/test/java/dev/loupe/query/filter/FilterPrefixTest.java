package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchesMessage;
import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.query.testing.InMemoryBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterPrefixTest {

  @ParameterizedTest(name = "{0}* in [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          err        | connection error          | true
          err        | Errors were found         | true
          err        | terror                    | false
          err        | no_error                  | false
          GET /api/  | GET /api/v1/users         | true
          GET /api/  | XGET /api/v1              | false
          /api/v     | POST /api/v2              | true
          """)
  void matchesTokensStartingWithThePrefix(String prefix, String message, boolean expected) {
    assertThat(matchesMessage(new FilterPrefix(FieldNames.MESSAGE, prefix), message))
        .isEqualTo(expected);
  }

  @Test
  void aSingleTokenPrefixSkipsOnlyBlocksWithoutTheField() {
    Stream api = stream("api");
    InMemoryBlock withLevel = InMemoryBlock.of(record(api, 1, "a", "level", "warning"));
    InMemoryBlock withoutLevel = InMemoryBlock.of(record(api, 1, "a"));
    FilterPrefix warn = new FilterPrefix("level", "warn");
    assertThat(warn.verdict(withLevel)).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(warn.verdict(withoutLevel)).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(matchingMessages(warn, withLevel)).containsExactly("a");
  }

  @Test
  void wholeTokensBeforeTheLastOneUseTheBloomFilter() {
    FilterPrefix apiV = new FilterPrefix(FieldNames.MESSAGE, "GET /api/v");
    assertThat(apiV.verdict(block("api", "GET /api/v1"))).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(apiV.verdict(block("api", "GET /apix/v1"))).isEqualTo(BlockVerdict.NO_ROWS);
    // "err" is only the start of "errors": the bloom filter must not be asked for it.
    assertThat(new FilterPrefix(FieldNames.MESSAGE, "err").verdict(block("api", "errors")))
        .isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void streamFieldsAreDecidedFromTheHeader() {
    FilterPrefix onStream = new FilterPrefix(FieldNames.STREAM, "check");
    assertThat(onStream.verdict(block("checkout", "a"))).isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(onStream.verdict(block("billing", "a"))).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void comparesByFieldAndPrefixAndRejectsTheEmptyPrefix() {
    assertThat(new FilterPrefix("a", "b"))
        .isEqualTo(new FilterPrefix("a", "b"))
        .hasSameHashCodeAs(new FilterPrefix("a", "b"))
        .isNotEqualTo(new FilterPrefix("a", "c"))
        .isNotEqualTo(new FilterWord("a", "b"));
    assertThatThrownBy(() -> new FilterPrefix("a", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
