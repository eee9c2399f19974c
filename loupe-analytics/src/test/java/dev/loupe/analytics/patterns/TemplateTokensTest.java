package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTokensTest {
  @ParameterizedTest(name = "{0} + {1} => {2}")
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      textBlock =
          """
          bob                    | al                     | <*>
          user=bob               | user=al                | user=<*>
          user=bob,              | user=al,               | user=<*>,
          ssh.service:           | cron.service:          | <*>:
          files.                 | done.                  | <*>.
          (insufficient          | (do                    | (<*>
          [preauth]              | [other]                | [<*>]
          `"-"`                  | `"https://a/"`         | `"<*>"`
          `"GET / HTTP/1.1"`     | `"GET <*> HTTP/1.1"`   | `"GET <*> HTTP/1.1"`
          `"GET / HTTP/1.1"`     | `"POST / HTTP/1.1"`    | `"<*> / HTTP/1.1"`
          `"a b c"`              | `"d e"`                | `"<*>"`
          `"a b",`               | `"c",`                 | `"<*>",`
          key=                   | key=x                  | key=<*>
          <*>:                   | x:                     | <*>:
          x<*>                   | y<*>                   | <*>
          alice(uid=<*>)         | bob(uid=<*>)           | <*>(uid=<*>)
          pam_unix(cron:session): | pam_unix(sshd:session): | <*>:
          (alpha),               | (beta),                | (<*>),
          done),                 | over),                 | <*>,
          Thread.run(<*>)        | Foo.bar(<*>),          | <*>
          """)
  void generalisesKeepingWhatBothHaveAroundTheValue(
      String template, String line, String generalised) {
    String result = TemplateTokens.generalise(template, line);

    assertThat(result).isEqualTo(generalised);
    assertThat(TemplateTokens.covers(result, line) || result.equals("<*>")).isTrue();
    assertThat(TemplateTokens.covers(result, template) || result.equals("<*>")).isTrue();
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      textBlock =
          """
          same                   | same                   | true
          same                   | other                  | false
          user=<*>               | user=carol             | true
          user=<*>               | uid=7                  | false
          user=<*>               | user=                  | true
          <*>:                   | cron.service:          | true
          <*>:                   | cron.service           | false
          `"<*>"`                | `"a few words"`        | true
          `"<*>"`                | `"a",`                 | false
          `"<*>",`               | `"a",`                 | true
          `"GET <*> HTTP/1.1"`   | `"GET /x HTTP/1.1"`    | true
          `"GET <*> HTTP/1.1"`   | `"POST /x HTTP/1.1"`   | false
          `"GET <*> HTTP/1.1"`   | `"GET /x y HTTP/1.1"`  | false
          `"GET <*> HTTP/1.1"`   | `"GET /x"`             | false
          `"<*> /a <*>"`         | `"PUT /a b"`           | true
          `"<*> /a <*>"`         | `"PUT /b b"`           | false
          `"x <*>"`              | `"x HTTP/2"`           | true
          `"x <*>"`              | `"y HTTP/2"`           | false
          SKU-<*>                | SKU-12                 | false
          <*>x                   | ax                     | false
          <*>(uid=<*>)           | carol(uid=<*>)         | true
          <*>(uid=<*>)           | carol(gid=<*>)         | false
          """)
  void aVariableWithEdgesCoversAnyValueBetweenTheSameEdges(
      String template, String line, boolean covers) {
    assertThat(TemplateTokens.covers(template, line)).isEqualTo(covers);
  }

  @ParameterizedTest(name = "{0} and {1}: {2}")
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      textBlock =
          """
          user=bob               | user=al                | true
          `"-"`                  | `"https://a/"`         | true
          `"GET / HTTP/1.1"`     | `"POST /a HTTP/1.1"`   | true
          `"a",`                 | `"b"`                  | false
          <*>:                   | done:                  | true
          alice                  | bob                    | false
          (alpha)                | (beta)                 | false
          """)
  void sameFieldIsAKeyQuotesOrCover(String template, String line, boolean same) {
    assertThat(TemplateTokens.sameField(template, line)).isEqualTo(same);
  }
}
