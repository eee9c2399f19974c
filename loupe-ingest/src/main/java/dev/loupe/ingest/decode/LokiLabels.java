package dev.loupe.ingest.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the label set of a Loki stream as the protobuf push API carries it: text such as {@code
 * {job="varlogs", host="web-1"}}, the Prometheus notation. Names are {@code
 * [a-zA-Z_][a-zA-Z0-9_]*}; values are double-quoted with the backslash escapes of Go's string
 * literals that label values use ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \r},
 * {@code \}{@code uXXXX}). Blanks between tokens and a trailing comma are allowed; a name given
 * twice is not. {@code {}} is an empty set. Stateless.
 */
final class LokiLabels {
  /** Why a label set cannot be read, with the 0-based character position. */
  static final class InvalidLabels extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidLabels(String text, int position, String expected) {
      super(
          "labels "
              + Reasons.quote(text)
              + " are invalid at position "
              + position
              + ": expected "
              + expected
              + "; write them like {job=\"app\",host=\"web-1\"}");
    }
  }

  private LokiLabels() {}

  /** The labels in the order written. */
  static Map<String, String> parse(String text) throws InvalidLabels {
    Map<String, String> labels = new LinkedHashMap<>();
    int index = skipBlanks(text, 0);
    index = expect(text, index, '{', "'{'");
    index = skipBlanks(text, index);
    while (index < text.length() && text.charAt(index) != '}') {
      int nameStart = index;
      index = skipName(text, index);
      String name = text.substring(nameStart, index);
      index = expect(text, skipBlanks(text, index), '=', "'=' after the label name");
      index = skipBlanks(text, index);
      StringBuilder value = new StringBuilder();
      index = readQuoted(text, index, value);
      if (labels.putIfAbsent(name, value.toString()) != null) {
        throw new InvalidLabels(text, nameStart, "each label name once, not " + name + " again");
      }
      index = skipBlanks(text, index);
      if (index < text.length() && text.charAt(index) == ',') {
        index = skipBlanks(text, index + 1);
      } else if (index < text.length() && text.charAt(index) != '}') {
        throw new InvalidLabels(text, index, "',' or '}' after a label");
      }
    }
    index = expect(text, index, '}', "'}'");
    if (skipBlanks(text, index) != text.length()) {
      throw new InvalidLabels(text, index, "nothing after '}'");
    }
    return labels;
  }

  private static int skipName(String text, int start) throws InvalidLabels {
    int index = start;
    while (index < text.length() && isNameChar(text.charAt(index), index == start)) {
      index++;
    }
    if (index == start) {
      throw new InvalidLabels(text, start, "a label name of letters, digits and '_'");
    }
    return index;
  }

  private static boolean isNameChar(char c, boolean first) {
    boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return letter || (!first && c >= '0' && c <= '9');
  }

  /** Reads {@code "..."} at {@code start} into {@code value}; returns the index after it. */
  private static int readQuoted(String text, int start, StringBuilder value) throws InvalidLabels {
    int index = expect(text, start, '"', "a double-quoted label value");
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c == '"') {
        return index + 1;
      }
      if (c != '\\') {
        value.append(c);
        index++;
        continue;
      }
      index = readEscape(text, index, value);
    }
    throw new InvalidLabels(text, text.length(), "'\"' to close the label value");
  }

  private static int readEscape(String text, int backslash, StringBuilder value)
      throws InvalidLabels {
    if (backslash + 1 >= text.length()) {
      throw new InvalidLabels(text, backslash, "a character after '\\'");
    }
    char escaped = text.charAt(backslash + 1);
    switch (escaped) {
      case '"', '\\' -> value.append(escaped);
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case 'u' -> {
        return readUnicodeEscape(text, backslash, value);
      }
      default -> throw new InvalidLabels(text, backslash, "one of \\\" \\\\ \\n \\t \\r \\uXXXX");
    }
    return backslash + 2;
  }

  private static int readUnicodeEscape(String text, int backslash, StringBuilder value)
      throws InvalidLabels {
    int digitsStart = backslash + 2;
    if (digitsStart + 4 > text.length()) {
      throw new InvalidLabels(text, backslash, "four hex digits after \\u");
    }
    int code = 0;
    for (int index = digitsStart; index < digitsStart + 4; index++) {
      int digit = Character.digit(text.charAt(index), 16);
      if (digit < 0) {
        throw new InvalidLabels(text, index, "a hex digit");
      }
      code = code * 16 + digit;
    }
    value.append((char) code);
    return digitsStart + 4;
  }

  private static int expect(String text, int index, char wanted, String expected)
      throws InvalidLabels {
    if (index >= text.length() || text.charAt(index) != wanted) {
      throw new InvalidLabels(text, index, expected);
    }
    return index + 1;
  }

  private static int skipBlanks(String text, int start) {
    int index = start;
    while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
      index++;
    }
    return index;
  }
}
