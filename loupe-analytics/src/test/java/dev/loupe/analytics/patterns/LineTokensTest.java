package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineTokensTest {
  private final LineTokens lineTokens = new LineTokens(64, 4096);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          PacketResponder 1 for block blk_38865049064139660 terminating => PacketResponder|<*>|for|block|<*>|terminating
          close, 1190 bytes (1.16 KB) sent, 0 bytes received => close,|<*>|sent,|<*>|received
          lifetime <1 sec => lifetime|<*>
          took 12 ms to answer => took|<*>|to|answer
          connection at Fri Jun 17 07:07:00 2005 from x => connection|at|<*>|from|x
          acquire tag="View Lock", name=a => acquire|tag="View|name=a
          name=android", uid=1000 => name=android",|uid=<*>
          a  b	c => a|b|c
          `"GET /api/items/42 HTTP/1.1" 200 "Mozilla/5.0 (X11; rv:133.0)"` => `"GET <*> HTTP/1.1"|<*>|"Mozilla/5.0 (<*>; rv:<*>)"`
          `say "two  words" now` => `say|"two words"|now`
          [    0.004120] Linux version => [<*>]|Linux|version
          [12345.004120] Linux version => [<*>]|Linux|version
          ( a b ) and [ x => (|a|b|)|and|[|x
          """)
  void splitsMasksAndJoinsValues(String line, String tokens) {
    assertThat(String.join("|", lineTokens.tokens(line)))
        .isEqualTo(tokens.replace("tag=\"View|", "tag=\"View Lock\",|"));
  }

  @Test
  void eachMemberOfAJsonObjectIsAToken() {
    String line =
        "{\"ts\":\"2026-11-22T04:31:58.174Z\",\"level\":\"info\",\"n\":[1,2],"
            + "\"msg\":\"flag one_click is false, for \\\"u_5701\\\"\"}";
    assertThat(lineTokens.tokens(line))
        .containsExactly(
            "{\"ts\":\"<*>\",",
            "\"level\":\"info\",",
            "\"n\":[<*>,",
            "<*>],",
            "\"msg\":\"flag one_click is <*>, for \\\"<*>\\\"\"}");
  }

  @Test
  void onlyAnObjectIsSplitAtItsCommas() {
    assertThat(LineTokens.isJsonObject("{\"a\":1}")).isTrue();
    assertThat(LineTokens.isJsonObject("{a,b}")).isFalse();
    assertThat(LineTokens.isJsonObject("[{\"a\":1}]")).isFalse();
    assertThat(LineTokens.spaceJsonMembers("{\"a\":\"x,y\",\"b\":2}"))
        .isEqualTo("{\"a\":\"x,y\", \"b\":2}");
  }

  @Test
  void longLinesEndInOneWildcard() {
    assertThat(new LineTokens(8, 80).tokens("a b c d e f g h i j k"))
        .containsExactly("a", "b", "c", "d", "e", "f", "g", "<*>");
    assertThat(new LineTokens(8, 10).tokens("alpha beta gamma delta"))
        .containsExactly("alpha", "beta", "<*>");
  }

  @Test
  void blankLineHasNoTokens() {
    assertThat(lineTokens.tokens("   ")).isEmpty();
    assertThat(List.of(lineTokens.tokens(""))).isEmpty();
  }
}
