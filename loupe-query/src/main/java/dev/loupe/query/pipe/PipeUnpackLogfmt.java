package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code | unpack_logfmt [from field]} (also {@code | logfmt}): the {@code key=value} pairs in
 * {@code from} ({@code _msg} by default) become fields. Values are bare (up to the next space) or
 * double-quoted with backslash escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t}); a word
 * without {@code =} is skipped, so free text around the pairs does no harm; a later pair of the
 * same key wins. An unclosed quote takes the rest of the text.
 *
 * <p>Design note. A hand-written single-pass tokenizer, as in go-logfmt: logfmt has no grammar
 * beyond this, and a regex could not unescape the quoted values.
 *
 * @param from the field to unpack
 */
public record PipeUnpackLogfmt(String from) implements Pipe {

  public PipeUnpackLogfmt {
    requireNonNull(from, "from is null");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("from is empty");
    }
  }

  /** The pairs of {@code text}, in order of first appearance. */
  public static Map<String, String> unpack(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (text == null) {
      return fields;
    }
    int index = 0;
    while (index < text.length()) {
      if (text.charAt(index) == ' ') {
        index++;
        continue;
      }
      int keyStart = index;
      while (index < text.length() && text.charAt(index) != ' ' && text.charAt(index) != '=') {
        index++;
      }
      boolean paired = index < text.length() && text.charAt(index) == '=' && index > keyStart;
      if (!paired) {
        index = skipWord(text, index);
        continue;
      }
      String key = text.substring(keyStart, index);
      StringBuilder value = new StringBuilder();
      index = readValue(text, index + 1, value);
      fields.put(key, value.toString());
    }
    return fields;
  }

  private static int skipWord(String text, int index) {
    while (index < text.length() && text.charAt(index) != ' ') {
      index++;
    }
    return index;
  }

  /** Reads the value starting at {@code index} into {@code value}; the index after it. */
  private static int readValue(String text, int index, StringBuilder value) {
    if (index >= text.length() || text.charAt(index) != '"') {
      int end = skipWord(text, index);
      value.append(text, index, end);
      return end;
    }
    index++;
    while (index < text.length()) {
      char c = text.charAt(index++);
      if (c == '"') {
        return index;
      }
      if (c != '\\' || index == text.length()) {
        value.append(c);
        continue;
      }
      char escaped = text.charAt(index++);
      value.append(
          switch (escaped) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> escaped;
          });
    }
    return index;
  }
}
