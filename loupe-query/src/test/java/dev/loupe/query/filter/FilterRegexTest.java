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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterRegexTest {

  @ParameterizedTest(name = "~{0} in [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          timeout after \\d+ms | read timeout after 250ms, retrying | true
          timeout after \\d+ms | read timeout after ms                | false
          ^GET                 | GET /                                | true
          ^GET                 | XGET /                               | false
          Error                | error                                | false
          (?i)Error            | error                                | true
          """)
  void findsThePatternAnywhere(String regex, String message, boolean expected) {
    assertThat(matchesMessage(new FilterRegex(FieldNames.MESSAGE, regex), message))
        .isEqualTo(expected);
  }

  @Test
  void aMissingFieldIsTheEmptyValue() {
    Stream api = stream("api");
    InMemoryBlock rows =
        InMemoryBlock.of(record(api, 1, "with", "user", "bob"), record(api, 2, "without"));
    assertThat(matchingMessages(new FilterRegex("user", "^$"), rows)).containsExactly("without");
    assertThat(matchingMessages(new FilterRegex("user", "b.b"), rows)).containsExactly("with");
    InMemoryBlock noUser = InMemoryBlock.of(record(api, 1, "x"));
    assertThat(new FilterRegex("user", "b").verdict(noUser)).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterRegex("user", "^$").verdict(noUser)).isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(new FilterRegex("user", "b").verdict(rows)).isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void streamFieldsAreDecidedFromTheHeader() {
    FilterRegex onStream = new FilterRegex(FieldNames.STREAM, "service=\"check");
    assertThat(onStream.verdict(block("checkout", "a"))).isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(onStream.verdict(block("billing", "a"))).isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    FilterRegex digits = new FilterRegex(FieldNames.MESSAGE, "^\\d+$");
    InMemoryBlock rows = block("api", "1", "x", "22", "y");
    try (var pool = Executors.newFixedThreadPool(4)) {
      List<Future<List<String>>> results =
          pool.invokeAll(java.util.Collections.nCopies(16, () -> matchingMessages(digits, rows)));
      for (Future<List<String>> result : results) {
        assertThat(result.get()).containsExactly("1", "22");
      }
    }
  }

  @Test
  void rejectsABadPatternAndComparesByText() {
    assertThatThrownBy(() -> new FilterRegex("a", "(")).isInstanceOf(PatternSyntaxException.class);
    assertThat(new FilterRegex("a", "b+"))
        .isEqualTo(new FilterRegex("a", "b+"))
        .hasSameHashCodeAs(new FilterRegex("a", "b+"))
        .isNotEqualTo(new FilterRegex("a", "b"));
  }
}
