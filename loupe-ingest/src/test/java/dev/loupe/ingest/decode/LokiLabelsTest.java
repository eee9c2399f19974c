package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LokiLabelsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                       | {}
          ` { } `                                  | {}
          {job="app"}                              | {job=app}
          { job = "app" , host="web-1", }          | {job=app, host=web-1}
          {a="x\\"y",b="back\\\\slash"}            | {a=x"y, b=back\\slash}
          {msg="line\\nbreak\\ttab"}               | {msg=line\\nbreak\\ttab}
          {e="caf\\u00e9"}                         | {e=café}
          {_private="1",k8s_pod="p",A9="ok"}       | {_private=1, k8s_pod=p, A9=ok}
          {z="1",a="2"}                            | {z=1, a=2}
          {emoji="💥"}                             | {emoji=💥}
          """)
  void parsesLabelSetsInTheOrderWritten(String text, String expected) throws Exception {
    Map<String, String> labels = LokiLabels.parse(text);

    String shown = new LinkedHashMap<>(labels).toString().replace("\n", "\\n").replace("\t", "\\t");
    assertThat(shown).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          job="app"                    | 0  | '{'
          {job="app"                   | 10 | '}'
          {job=app}                    | 5  | a double-quoted label value
          {job}                        | 4  | '=' after the label name
          {9job="x"}                   | 1  | a label name of letters, digits and '_'
          {job-name="x"}               | 4  | '=' after the label name
          {a="1" b="2"}                | 7  | ',' or '}' after a label
          {a="1",a="2"}                | 7  | each label name once, not a again
          {a="unclosed}                | 13 | '"' to close the label value
          {a="\\q"}                    | 4  | one of
          {a="\\u12"}                  | 8  | a hex digit
          {a="\\u1                     | 4  | four hex digits after \\u
          {a="1"} extra                | 7  | nothing after '}'
          ``                           | 0  | '{'
          """)
  void saysWhereAndWhatIsWrong(String text, int position, String expected) {
    assertThatThrownBy(() -> LokiLabels.parse(text))
        .isInstanceOf(LokiLabels.InvalidLabels.class)
        .hasMessageContaining("are invalid at position " + position + ": expected " + expected);
  }

  @Test
  void quotesLongLabelTextShortened() {
    String text = "{a=\"" + "x".repeat(200);

    assertThatThrownBy(() -> LokiLabels.parse(text))
        .hasMessageStartingWith("labels \"{a=\"xxx")
        .hasMessageContaining("...\" are invalid at position 204");
  }
}
