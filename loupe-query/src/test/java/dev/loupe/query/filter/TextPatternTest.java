package dev.loupe.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Tokens;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextPatternTest {

  @ParameterizedTest(name = "[{0}] in [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          error              | an error occurred                | true
          error              | ERROR: disk full                 | true
          ERROR              | error                            | true
          error              | errors                           | false
          error              | terror                           | false
          error              | error_code=5                     | false
          error              | error-code=5                     | true
          error              | x.error.y                        | true
          connection refused | dial: Connection refused (111)   | true
          connection refused | reconnection refused             | false
          connection refused | connection refusedx              | false
          connection refused | connection  refused              | false
          /health            | GET /health 200                  | true
          /health            | GET /healthz 200                 | false
          /health            | GET /api/health 200              | true
          10.0.0.1           | from 10.0.0.1:80                 | true
          10.0.0.1           | from 10.0.0.12                   | false
          10.0.0.1           | from 110.0.0.1                   | false
          error:             | error: x                         | true
          error:             | xerror: x                        | false
          ->                 | a -> b                           | true
          ->                 | a - > b                          | false
          CAFÉ               | un café au lait                  | true
          straße             | STRASSE                          | false
          abc                | ab                               | false
          a                  | a                                | true
          """)
  void matchesAtTokenBoundariesIgnoringCase(String needle, String value, boolean expected) {
    assertThat(new TextPattern(needle).matches(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] has {1} distinct tokens")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          error                   | 1
          connection refused      | 2
          Error error ERROR       | 1
          /api/v1/users           | 3
          ->                      | 0
          ''                      | 0
          """)
  void tokenHashesAreTheDistinctTokensOfTheNeedle(String needle, int expectedCount) {
    assertThat(new TextPattern(needle).tokenHashes()).hasSize(expectedCount);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({"''", "' '", "x"})
  void theEmptyNeedleNeverMatches(String value) {
    TextPattern empty = new TextPattern("");
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.matches(value)).isFalse();
  }

  /**
   * The property bloom skipping rests on: when a value matches, every token of the needle is a
   * token of the value (same hash), so a bloom filter without one of them proves no match.
   */
  @Property(tries = 3000)
  void aMatchImpliesEveryNeedleTokenIsAValueToken(
      @ForAll
          @StringLength(max = 24)
          @Chars({'a', 'b', 'A', 'B', 'é', 'É', '_', '1', ' ', '-', '.', ':', 'ſ', 's', 'S'})
          String value,
      @ForAll
          @StringLength(min = 1, max = 6)
          @Chars({'a', 'b', 'A', 'é', '_', ' ', '-', '.', 's', 'ſ'})
          String needle) {
    TextPattern pattern = new TextPattern(needle);
    if (!pattern.matches(value)) {
      return;
    }
    Set<Long> valueHashes = new HashSet<>();
    Tokens.forEachHash(value, valueHashes::add);
    for (long needleHash : pattern.tokenHashes()) {
      assertThat(valueHashes)
          .as("needle [%s] matched value [%s]", needle, value)
          .contains(needleHash);
    }
  }

  /** For a one-token needle, matching is exactly "equals some token of the value". */
  @Property(tries = 3000)
  void aOneTokenNeedleMatchesExactlyWhenItEqualsAToken(
      @ForAll @StringLength(max = 24) @Chars({'a', 'b', 'A', 'B', 'é', 'É', '_', ' ', '-', '.'})
          String value,
      @ForAll @StringLength(min = 1, max = 3) @Chars({'a', 'b', 'A', 'é', '_'}) String word) {
    boolean equalsAToken =
        Tokens.split(value).stream().anyMatch(token -> lowerCase(token).equals(lowerCase(word)));
    assertThat(new TextPattern(word).matches(value))
        .as("word [%s] in [%s]", word, value)
        .isEqualTo(equalsAToken);
  }

  /**
   * The anchor search relies on this: apart from U+0130 and U+212A (which lower-case to i and k,
   * never used as anchors), no non-ASCII character lower-cases to an ASCII one.
   */
  @org.junit.jupiter.api.Test
  void onlyTwoNonAsciiCharactersLowerCaseToAscii() {
    List<Integer> reachingAscii = new java.util.ArrayList<>();
    for (int c = 128; c <= Character.MAX_VALUE; c++) {
      if (TextPattern.lowerCase((char) c) < 128) {
        reachingAscii.add(c);
      }
    }
    assertThat(reachingAscii).containsExactly(0x0130, 0x212A);
  }

  /** The anchor search and the plain scan agree (needles with and without usable anchors). */
  @Property(tries = 3000)
  void everyNeedleShapeAgreesWithTheReferenceDefinition(
      @ForAll
          @StringLength(max = 24)
          @Chars({'a', 'i', 'K', 'k', '\u212A', '\u0130', 'é', '_', '1', ' ', '-', '.'})
          String value,
      @ForAll @StringLength(min = 1, max = 4) @Chars({'a', 'I', 'k', 'é', '_', '1', ' ', '.'})
          String needle) {
    assertThat(new TextPattern(needle).matches(value))
        .as("needle [%s] in [%s]", needle, value)
        .isEqualTo(referenceMatches(needle, value));
  }

  /** The definition, slowly: some start where every character equals and both ends are bounded. */
  private static boolean referenceMatches(String needle, String value) {
    for (int start = 0; start + needle.length() <= value.length(); start++) {
      if (!lowerCase(value.substring(start, start + needle.length())).equals(lowerCase(needle))) {
        continue;
      }
      boolean startBounded =
          !Tokens.isTokenChar(needle.charAt(0))
              || start == 0
              || !Tokens.isTokenChar(value.charAt(start - 1));
      int end = start + needle.length();
      boolean endBounded =
          !Tokens.isTokenChar(needle.charAt(needle.length() - 1))
              || end == value.length()
              || !Tokens.isTokenChar(value.charAt(end));
      if (startBounded && endBounded) {
        return true;
      }
    }
    return false;
  }

  private static String lowerCase(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    for (int index = 0; index < text.length(); index++) {
      lower.append(TextPattern.lowerCase(text.charAt(index)));
    }
    return lower.toString();
  }
}
