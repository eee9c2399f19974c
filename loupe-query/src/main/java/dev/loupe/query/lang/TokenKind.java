package dev.loupe.query.lang;

/** The kinds of {@link Token}. */
enum TokenKind {
  /** A bare word: {@code error}, {@code http.status}, {@code /health}. */
  WORD,
  /** A double-quoted string; the token text has its escapes resolved. */
  STRING,
  COLON,
  LEFT_PAREN,
  RIGHT_PAREN,
  LEFT_BRACKET,
  RIGHT_BRACKET,
  COMMA,
  /** {@code -} at the start of a token: negation. */
  MINUS,
  STAR,
  PIPE,
  AND,
  OR,
  NOT,
  /** A character kept for operators of the full language: {@code = ! ~ < > { } ' `}. */
  RESERVED,
  END
}
