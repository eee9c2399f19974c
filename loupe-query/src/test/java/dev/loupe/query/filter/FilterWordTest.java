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
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterWordTest {

  @ParameterizedTest(name = "{0} in [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          error    | connection error                 | true
          error    | Error: disk full                 | true
          error    | errors were found                | false
          error    | no_error_here                    | false
          timeout  | read timeout after 5s            | true
          /health  | GET /health HTTP/1.1             | true
          /health  | GET /healthcheck HTTP/1.1        | false
          """)
  void matchesAWholeTokenOfTheMessage(String word, String message, boolean expected) {
    assertThat(matchesMessage(new FilterWord(FieldNames.MESSAGE, word), message))
        .isEqualTo(expected);
  }

  @Test
  void matchesTheNamedFieldOnly() {
    Stream api = stream("api");
    InMemoryBlock rows =
        InMemoryBlock.of(
            record(api, 1, "first", "level", "error"),
            record(api, 2, "second error", "level", "info"),
            record(api, 3, "third"));
    assertThat(matchingMessages(new FilterWord("level", "ERROR"), rows)).containsExactly("first");
    assertThat(matchingMessages(new FilterWord(FieldNames.MESSAGE, "error"), rows))
        .containsExactly("second error");
  }

  @Test
  void skipsBlocksWhoseBloomLacksTheWord() {
    InMemoryBlock withWord = block("api", "all good", "disk error");
    InMemoryBlock withoutWord = block("api", "all good", "still good");
    FilterWord error = new FilterWord(FieldNames.MESSAGE, "error");
    assertThat(error.verdict(withWord)).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(error.verdict(withoutWord)).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void skipsBlocksUnlessEveryTokenOfTheWordIsPresent() {
    FilterWord address = new FilterWord("client", "10.0.0.1");
    Stream api = stream("api");
    InMemoryBlock hasAll = InMemoryBlock.of(record(api, 1, "x", "client", "10.0.0.1"));
    InMemoryBlock lacksOne = InMemoryBlock.of(record(api, 1, "x", "client", "10.0.0.2"));
    assertThat(address.verdict(hasAll)).isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(address.verdict(lacksOne)).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void skipsBlocksWithoutTheField() {
    InMemoryBlock rows = block("api", "error");
    assertThat(new FilterWord("level", "error").verdict(rows)).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void decidesStreamLabelsFromTheHeaderAlone() {
    InMemoryBlock checkout = block("checkout", "a");
    InMemoryBlock billing = block("billing", "b");
    FilterWord onStream = new FilterWord(FieldNames.STREAM, "checkout");
    assertThat(onStream.verdict(checkout)).isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(onStream.verdict(billing)).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(matchingMessages(onStream, checkout)).containsExactly("a");
  }

  @Test
  void readsOnlyItsColumn() {
    Set<String> columns = new HashSet<>();
    new FilterWord("level", "error").collectColumns(columns);
    new FilterWord(FieldNames.STREAM, "api").collectColumns(columns);
    assertThat(columns).containsExactly("level");
  }

  @Test
  void comparesByFieldAndWord() {
    assertThat(new FilterWord("a", "b"))
        .isEqualTo(new FilterWord("a", "b"))
        .hasSameHashCodeAs(new FilterWord("a", "b"))
        .isNotEqualTo(new FilterWord("a", "c"))
        .isNotEqualTo(new FilterWord("x", "b"))
        .isNotEqualTo(new FilterPhrase("a", "b"));
  }

  @Test
  void rejectsTheEmptyWord() {
    assertThatThrownBy(() -> new FilterWord(FieldNames.MESSAGE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phrase");
    assertThatThrownBy(() -> new FilterWord("", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
