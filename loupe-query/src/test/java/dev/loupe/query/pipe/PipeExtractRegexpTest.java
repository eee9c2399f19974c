package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class PipeExtractRegexpTest {

  @Test
  void namedGroupsBecomeFieldsInGoAndJavaSyntax() {
    assertThat(Extraction.ofRegex("(?P<kind>[a-z])(?<seq_no>[0-9])").extract("x a1 y"))
        .isEqualTo(Map.of("kind", "a", "seq_no", "1"));
  }

  @Test
  void escapesClassesAndLookbehindsAreNotGroups() {
    assertThat(Extraction.ofRegex("\\(?<a>[(?<]*(?<=x)(?<b>y)").names()).containsExactly("b");
    assertThat(Extraction.ofRegex("(?<n>[0-9]+)").extract("none")).isEmpty();
    assertThat(Extraction.ofRegex("(?<n>[0-9]+)|(?<w>z)").extract("42"))
        .isEqualTo(Map.of("n", "42"));
  }

  @Test
  void extractsFromMessageOrNamedFieldAndFeedsStats() {
    assertThat(
            PipeTesting.run(
                "service:api | extract_regexp \"a(?P<n>[0-9])\" | fields n | stats sum(n) as s",
                10))
        .containsExactly("s=10");
    assertThat(
            PipeTesting.run(
                "service:web | extract_regexp \"^(?<code>[0-9])\" from status"
                    + " | where code:4 | fields _msg, status, code",
                10))
        .containsExactly("_msg=w2 status=404 code=4");
  }

  @Test
  void aGroupOfAnExistingNameReplacesTheField() {
    assertThat(
            PipeTesting.run(
                "service:web | fields _msg, status | extract_regexp \"(?<status>[0-9])0\""
                    + " from status | head 1",
                10))
        .containsExactly("_msg=w4 status=2");
  }

  @Test
  void checksItsRegex() {
    assertThatThrownBy(() -> new PipeExtractRegexp("(a)", "_msg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no named group");
    assertThatThrownBy(() -> new PipeExtractRegexp("(?<a>", "_msg"))
        .isInstanceOf(PatternSyntaxException.class);
  }
}
