package dev.loupe.query.lang;

/**
 * The lexical rules of the query language, shared by the {@link Lexer} (what a bare word is) and
 * the {@link QueryPrinter} (when text must be quoted), so the two cannot disagree.
 *
 * <p>A bare word runs until whitespace or one of {@code ( ) [ ] { } " : , | *}. It may not start
 * with {@code - = ! ~ < > ' `}: a leading {@code -} negates, and the others are kept for operators
 * of the full language ({@code :=}, {@code :~}, {@code :>=}, {@code !}, other quote styles). Inside
 * a word they are ordinary characters: {@code user=bob}, {@code don't}, {@code x-request-id}.
 * {@code AND}, {@code OR} and {@code NOT} (upper case only) are keywords.
 */
final class QuerySyntax {
  static final String AND = "AND";
  static final String OR = "OR";
  static final String NOT = "NOT";

  private static final String DELIMITERS = "()[]{}\":,|*";
  private static final String RESERVED_AT_START = "-=!~<>'`";

  private QuerySyntax() {}

  /** True for characters that end a bare word. */
  static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0;
  }

  /** True for characters that cannot start a bare word. */
  static boolean isReservedAtStart(char c) {
    return isDelimiter(c) || RESERVED_AT_START.indexOf(c) >= 0;
  }

  static boolean isKeyword(String text) {
    return text.equals(AND) || text.equals(OR) || text.equals(NOT);
  }

  /** True when {@code text} lexes back as one bare word (not a keyword). */
  static boolean isBareWord(String text) {
    if (text.isEmpty() || isReservedAtStart(text.charAt(0)) || isKeyword(text)) {
      return false;
    }
    for (int index = 1; index < text.length(); index++) {
      if (isDelimiter(text.charAt(index))) {
        return false;
      }
    }
    return true;
  }

  /** True for characters of an unquoted label name in a stream selector. */
  static boolean isLabelChar(char c) {
    return c != 0 && !Character.isWhitespace(c) && "=!~,:{}\"()[]|".indexOf(c) < 0;
  }

  /** True when {@code text} can be written unquoted as a label name in a stream selector. */
  static boolean isLabelName(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int index = 0; index < text.length(); index++) {
      if (!isLabelChar(text.charAt(index))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} in double quotes: {@code "} and {@code \} escaped with a backslash, control
   * characters as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}.
   */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
