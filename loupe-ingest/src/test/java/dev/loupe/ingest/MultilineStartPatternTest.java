package dev.loupe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultilineStartPatternTest {
  @ParameterizedTest(name = "{0} in [{1}]: {2}")
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '\'',
      value = {
        "^\\d{4}-       # 2024-05-01 started   # true",
        "^\\d{4}-       # '  at x'             # false",
        "^\\d{4}-       # x 2024-05-01         # false",
        "ERROR|WARN     # 12:00 WARN disk      # true",
        "^\\[           # '[main] x'           # true",
        "^é             # é accent             # true",
      })
  void findsThePatternInTheLine(String pattern, String line, boolean starts) {
    assertThat(startsEvent(new MultilineStartPattern(Pattern.compile(pattern)), line))
        .isEqualTo(starts);
  }

  @Test
  void onlyTheFirstCharactersOfALineAreSearched() {
    MultilineStartPattern pattern = new MultilineStartPattern(Pattern.compile("NEEDLE"));
    String padding = "x".repeat(Limits.MULTILINE_PATTERN_PREFIX_CHARS - 6);

    assertThat(startsEvent(pattern, padding + "NEEDLE")).isTrue();
    assertThat(startsEvent(pattern, padding + "xNEEDLE")).isFalse();
  }

  @Test
  void aRunawayPatternIsStoppedAndTheLineStartsAnEvent() {
    // Exponential backtracking on a line of a's without the final b: the JDK memoizes simple
    // loops like (a|aa)+, but not loops whose group a back reference uses.
    MultilineStartPattern runaway =
        new MultilineStartPattern(Pattern.compile("^(a+)+\\1b"), 10_000);
    String line = "a".repeat(40);

    assertThat(startsEvent(runaway, line)).isTrue();
    // The matcher is usable again after giving up.
    assertThat(startsEvent(runaway, "aaab")).isTrue();
    assertThat(startsEvent(runaway, "c")).isFalse();
  }

  @Test
  void theDefaultBudgetStopsARunawayPatternOnALongLine() {
    MultilineStartPattern runaway = new MultilineStartPattern(Pattern.compile("^(.*?,){30}P"));

    assertThat(startsEvent(runaway, "1,".repeat(40))).isTrue();
  }

  private static boolean startsEvent(MultilineStartPattern pattern, String line) {
    byte[] bytes = ("..." + line).getBytes(UTF_8);
    return pattern.startsEvent(bytes, 3, bytes.length - 3);
  }
}
