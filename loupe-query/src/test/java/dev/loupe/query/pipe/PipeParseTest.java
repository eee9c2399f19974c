package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipeParseTest {

  @Test
  void placeholdersTakeTextUpToTheNextLiteral() {
    Extraction pattern = Extraction.ofPattern("after <ms>ms status=<status>");
    assertThat(pattern.extract("GET /a after 12ms status=200 size=1"))
        .isEqualTo(Map.of("ms", "12", "status", "200 size=1"));
    assertThat(pattern.extract("before 12ms")).isEmpty();
  }

  @Test
  void underscoreSkipsAndLiteralsAreNotRegex() {
    assertThat(Extraction.ofPattern("<_> [<level>] (<.x>)").extract("t1 [warn] (a.b)"))
        .isEqualTo(Map.of("level", "warn", ".x", "a.b"));
    assertThat(Extraction.ofPattern("<a>.<b>").extract("x.y.z"))
        .isEqualTo(Map.of("a", "x", "b", "y.z"));
  }

  @Test
  void parsedFieldsFeedWhereAndStats() {
    assertThat(
            PipeTesting.run(
                "* | parse \"<first>0<rest>\" from status | where rest:>=3"
                    + " | stats count() as c by (first)",
                10))
        .containsExactly("first=4 c=1", "first=5 c=1");
  }

  @Test
  void checksItsPattern() {
    assertThatThrownBy(() -> new PipeParse("no fields", "_msg"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeParse("a <b", "_msg"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeParse("<_>", "_msg"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
