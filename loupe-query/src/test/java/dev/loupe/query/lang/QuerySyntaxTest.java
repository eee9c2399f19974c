package dev.loupe.query.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuerySyntaxTest {

  @ParameterizedTest(name = "[{0}] bare: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          error         | true
          http.status   | true
          x-request-id  | true
          /health       | true
          user=bob      | true
          don't         | true
          AND           | false
          and           | true
          -x            | false
          =x            | false
          'x            | false
          a b           | false
          a:b           | false
          a*            | false
          a"b           | false
          ~~            | false
          """)
  void decidesWhatNeedsQuotes(String text, boolean bare) {
    assertThat(QuerySyntax.isBareWord(text)).isEqualTo(bare);
  }

  @ParameterizedTest(name = "[{0}] quoted as [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a b       | "a b"
          a"b       | "a\\"b"
          a\\b      | "a\\\\b"
          """)
  void quotesWithEscapes(String text, String quoted) {
    assertThat(QuerySyntax.quote(text)).isEqualTo(quoted);
  }

  @ParameterizedTest(name = "control character {0}")
  @CsvSource({"10, \"\\n\"", "9, \"\\t\"", "13, \"\\r\"", "1, \"\\u0001\"", "127, \"\\u007f\""})
  void quotesControlCharacters(int codeUnit, String quoted) {
    assertThat(QuerySyntax.quote(String.valueOf((char) codeUnit))).isEqualTo(quoted);
  }
}
