package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

/**
 * Cuts query text into {@link Token}s, one at a time at the offset the parser asks for. There is no
 * token list: the parser drives the lexer, so a context such as the inside of a time range can lex
 * differently ({@link #timeBound}, where {@code :} and {@code -} belong to the text). Whitespace
 * between tokens is skipped; the parser looks at offsets where adjacency matters ({@code
 * field:value} allows no space around the colon). Stateless apart from the text; not shared between
 * threads anyway.
 */
final class Lexer {
  private final String text;

  Lexer(String text) {
    this.text = requireNonNull(text, "text is null");
  }

  /** The token that starts at or after {@code position}, whitespace skipped. */
  Token next(int position) {
    int start = skipWhitespace(position);
    if (start == text.length()) {
      return new Token(TokenKind.END, "", start, start);
    }
    char c = text.charAt(start);
    return switch (c) {
      case '(' -> single(TokenKind.LEFT_PAREN, start);
      case ')' -> single(TokenKind.RIGHT_PAREN, start);
      case '[' -> single(TokenKind.LEFT_BRACKET, start);
      case ']' -> single(TokenKind.RIGHT_BRACKET, start);
      case ':' -> single(TokenKind.COLON, start);
      case ',' -> single(TokenKind.COMMA, start);
      case '|' -> single(TokenKind.PIPE, start);
      case '*' -> single(TokenKind.STAR, start);
      case '-' -> single(TokenKind.MINUS, start);
      case '"' -> quoted(start);
      default -> QuerySyntax.isReservedAtStart(c) ? single(TokenKind.RESERVED, start) : word(start);
    };
  }

  /**
   * A bound of a time range, a number range or a comparison, or a duration: the text from {@code
   * position} (whitespace skipped) up to whitespace, {@code ,}, {@code (}, {@code )}, {@code [},
   * {@code ]}, {@code |} or {@code "}, as a {@link TokenKind#WORD}. When that text is empty, the
   * ordinary token there, for the error message.
   */
  Token timeBound(int position) {
    int start = skipWhitespace(position);
    int end = start;
    while (end < text.length() && !endsTimeBound(text.charAt(end))) {
      end++;
    }
    if (end == start) {
      return next(start);
    }
    return new Token(TokenKind.WORD, text.substring(start, end), start, end);
  }

  private static boolean endsTimeBound(char c) {
    return Character.isWhitespace(c)
        || c == ','
        || c == '('
        || c == ')'
        || c == '['
        || c == ']'
        || c == '|'
        || c == '"';
  }

  /** True when the text at {@code position} starts with {@code prefix}. */
  boolean startsWith(String prefix, int position) {
    return text.startsWith(prefix, position);
  }

  /** The text from {@code start} to {@code end}. */
  String slice(int start, int end) {
    return text.substring(start, end);
  }

  /** The character at {@code position}, or 0 past the end. */
  char charAt(int position) {
    return position < text.length() ? text.charAt(position) : 0;
  }

  private int skipWhitespace(int position) {
    int index = position;
    while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
      index++;
    }
    return index;
  }

  private Token single(TokenKind kind, int start) {
    return new Token(kind, text.substring(start, start + 1), start, start + 1);
  }

  private Token word(int start) {
    int end = start + 1;
    while (end < text.length() && !QuerySyntax.isDelimiter(text.charAt(end))) {
      end++;
    }
    String word = text.substring(start, end);
    TokenKind kind =
        switch (word) {
          case QuerySyntax.AND -> TokenKind.AND;
          case QuerySyntax.OR -> TokenKind.OR;
          case QuerySyntax.NOT -> TokenKind.NOT;
          default -> TokenKind.WORD;
        };
    return new Token(kind, word, start, end);
  }

  /**
   * A double-quoted string. Escapes: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t},
   * {@code \}{@code uXXXX}; a backslash before anything else is kept as written, so text pasted
   * from a log (a Windows path, a regex) needs no doubling.
   */
  private Token quoted(int start) {
    StringBuilder content = new StringBuilder();
    int index = start + 1;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c == '"') {
        return new Token(TokenKind.STRING, content.toString(), start, index + 1);
      }
      if (c != '\\' || index + 1 == text.length()) {
        content.append(c);
        index++;
        continue;
      }
      index = appendEscape(content, index);
    }
    throw new QuerySyntaxException(
        start,
        "unclosed quote",
        "a closing '\"' for the quote opened here",
        "end of query",
        "add a '\"' at the end, or escape a quote inside the text as \\\"");
  }

  /** Appends the escape at {@code index} (a backslash) and returns the offset after it. */
  private int appendEscape(StringBuilder content, int index) {
    char escaped = text.charAt(index + 1);
    switch (escaped) {
      case '"', '\\' -> content.append(escaped);
      case 'n' -> content.append('\n');
      case 'r' -> content.append('\r');
      case 't' -> content.append('\t');
      case 'u' -> {
        int codeUnit = hexCodeUnit(index + 2);
        if (codeUnit < 0) {
          content.append('\\').append('u');
          return index + 2;
        }
        content.append((char) codeUnit);
        return index + 6;
      }
      default -> content.append('\\').append(escaped);
    }
    return index + 2;
  }

  /** The four hex digits at {@code index} as a UTF-16 code unit, or -1 when they are not that. */
  private int hexCodeUnit(int index) {
    if (index + 4 > text.length()) {
      return -1;
    }
    int value = 0;
    for (int offset = 0; offset < 4; offset++) {
      int digit = Character.digit(text.charAt(index + offset), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
