package dev.loupe.cli.simulate;

/**
 * Appends JSON strings (RFC 8259): quotes, backslashes and control characters escaped, everything
 * else as is. Stack traces make newlines and tabs common, hence the short forms for them.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** Appends {@code "value"}, escaped. */
  static StringBuilder appendString(StringBuilder out, CharSequence value) {
    out.append('"');
    appendEscaped(out, value);
    return out.append('"');
  }

  /**
   * Appends {@code value} escaped, without the quotes. Runs of characters that need no escape are
   * copied in one call: most text has none, and a character-at-a-time copy dominated the
   * simulator's profile.
   */
  static void appendEscaped(StringBuilder out, CharSequence value) {
    int length = value.length();
    int runStart = 0;
    for (int index = 0; index < length; index++) {
      char character = value.charAt(index);
      if (character >= 0x20 && character != '"' && character != '\\') {
        continue;
      }
      out.append(value, runStart, index);
      runStart = index + 1;
      switch (character) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append("\\u00").append(HEX[character >> 4]).append(HEX[character & 0xf]);
      }
    }
    out.append(value, runStart, length);
  }

  /** Appends {@code ,"name":value} with the value a number or a string as the field says. */
  static void appendField(StringBuilder out, LineField field) {
    out.append(',');
    appendString(out, field.name()).append(':');
    if (field.numeric()) {
      out.append(field.value());
    } else {
      appendString(out, field.value());
    }
  }
}
