package dev.loupe.query.lang;

/**
 * One token of query text.
 *
 * @param kind what it is
 * @param text the source text, except for {@link TokenKind#STRING} where it is the decoded content
 * @param start offset of its first character in the query text
 * @param end offset just past its last character
 */
record Token(TokenKind kind, String text, int start, int end) {

  /** How an error message names this token after "found". */
  String describe() {
    return switch (kind) {
      case END -> "end of query";
      case STRING -> QuerySyntax.quote(text);
      default -> "'" + text + "'";
    };
  }
}
