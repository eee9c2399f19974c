package dev.loupe.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '~',
      textBlock =
          """
          foo bar                  ¦ WORD:foo WORD:bar
          a AND b OR NOT c         ¦ WORD:a AND:AND WORD:b OR:OR NOT:NOT WORD:c
          and Or                   ¦ WORD:and WORD:Or
          -foo foo-bar             ¦ MINUS:- WORD:foo WORD:foo-bar
          (a)                      ¦ LEFT_PAREN:( WORD:a RIGHT_PAREN:)
          http.status:500          ¦ WORD:http.status COLON:: WORD:500
          x=1 =x                   ¦ WORD:x=1 RESERVED:= WORD:x
          err* |                   ¦ WORD:err STAR:* PIPE:|
          [a,b]                    ¦ LEFT_BRACKET:[ WORD:a COMMA:, WORD:b RIGHT_BRACKET:]
          {x}                      ¦ RESERVED:{ WORD:x RESERVED:}
          don't 'x                 ¦ WORD:don't RESERVED:' WORD:x
          /api/v1?x=1&y=2          ¦ WORD:/api/v1?x=1&y=2
          """)
  void cutsTextIntoTokens(String text, String expected) {
    assertThat(tokens(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '~',
      textBlock =
          """
          "a b"            ¦ a b
          "a\\"b"          ¦ a"b
          "a\\\\b"         ¦ a\\b
          "a\\nb"          ¦ a\\nb
          "\\u00e9"        ¦ é
          "\\d+"           ¦ \\d+
          "\\u12"          ¦ \\u12
          ""               ¦ ~~
          """)
  void decodesStrings(String text, String expected) {
    Token token = new Lexer(text).next(0);
    assertThat(token.kind()).isEqualTo(TokenKind.STRING);
    assertThat(token.text()).isEqualTo(expected.replace("\\n", "\n"));
    assertThat(token.end()).isEqualTo(text.length());
  }

  @Test
  void reportsPositionsWithWhitespaceSkipped() {
    Token token = new Lexer("   foo  ").next(0);
    assertThat(token.start()).isEqualTo(3);
    assertThat(token.end()).isEqualTo(6);
    Token end = new Lexer("   foo  ").next(6);
    assertThat(end.kind()).isEqualTo(TokenKind.END);
    assertThat(end.start()).isEqualTo(8);
  }

  @Test
  void timeBoundsKeepColonsAndDashes() {
    Lexer lexer = new Lexer("[ 2024-05-01T00:00:00+02:00, x)");
    Token bound = lexer.timeBound(1);
    assertThat(bound.kind()).isEqualTo(TokenKind.WORD);
    assertThat(bound.text()).isEqualTo("2024-05-01T00:00:00+02:00");
    assertThat(lexer.timeBound(bound.end()).kind()).isEqualTo(TokenKind.COMMA);
  }

  @Test
  void anUnclosedQuoteFailsAtTheOpeningQuote() {
    assertThatThrownBy(() -> new Lexer("ab \"cd").next(2))
        .isInstanceOfSatisfying(
            QuerySyntaxException.class, failure -> assertThat(failure.position()).isEqualTo(3));
  }

  private static String tokens(String text) {
    Lexer lexer = new Lexer(text);
    List<String> tokens = new ArrayList<>();
    int position = 0;
    while (true) {
      Token token = lexer.next(position);
      if (token.kind() == TokenKind.END) {
        return String.join(" ", tokens);
      }
      tokens.add(token.kind() + ":" + token.text());
      position = token.end();
    }
  }
}
