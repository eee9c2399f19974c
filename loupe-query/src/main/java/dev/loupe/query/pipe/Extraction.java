package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled pattern whose capturing groups name fields, shared by {@code extract_regexp} and
 * {@code parse}. Java allows only letters and digits in group names, field names have {@code _},
 * {@code .} and more, so the groups are renamed {@code g1, g2, ...} and {@link #names} maps them
 * back. Immutable and thread-safe (a {@link Pattern} is; each use makes its own matcher).
 *
 * @param pattern the compiled pattern, groups named {@code g1 ...}
 * @param names the field of group {@code gN} at index {@code N - 1}
 */
public record Extraction(Pattern pattern, List<String> names) {

  public Extraction {
    requireNonNull(pattern, "pattern is null");
    names = List.copyOf(requireNonNull(names, "names is null"));
  }

  /** The fields the first match in {@code text} gives, in group order; empty when none. */
  public Map<String, String> extract(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (text == null) {
      return fields;
    }
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return fields;
    }
    for (int index = 0; index < names.size(); index++) {
      String value = matcher.group("g" + (index + 1));
      if (value != null) {
        fields.put(names.get(index), value);
      }
    }
    return fields;
  }

  /**
   * Compiles {@code regex}, whose named groups {@code (?<name>...)} or {@code (?P<name>...)} (as in
   * Go and Python) name fields. Escapes and character classes are skipped over, so {@code \(?<} and
   * {@code [(?<]} are not groups.
   *
   * @throws java.util.regex.PatternSyntaxException when it does not compile
   * @throws IllegalArgumentException when it names no field, or a name is empty
   */
  public static Extraction ofRegex(String regex) {
    StringBuilder rewritten = new StringBuilder(regex.length());
    List<String> names = new ArrayList<>();
    boolean inClass = false;
    int index = 0;
    while (index < regex.length()) {
      char c = regex.charAt(index);
      if (c == '\\' && index + 1 < regex.length()) {
        rewritten.append(c).append(regex.charAt(index + 1));
        index += 2;
        continue;
      }
      inClass = c == '[' || (inClass && c != ']');
      int nameStart = inClass ? -1 : groupNameStart(regex, index);
      if (nameStart < 0) {
        rewritten.append(c);
        index++;
        continue;
      }
      int nameEnd = regex.indexOf('>', nameStart);
      if (nameEnd <= nameStart) {
        throw new IllegalArgumentException("empty or unclosed group name at index " + index);
      }
      names.add(regex.substring(nameStart, nameEnd));
      rewritten.append("(?<g").append(names.size()).append('>');
      index = nameEnd + 1;
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no named group such as (?<name>...) in the regex");
    }
    return new Extraction(Pattern.compile(rewritten.toString(), Pattern.DOTALL), names);
  }

  /** Where the name of a named group opening at {@code index} starts, or -1. */
  private static int groupNameStart(String regex, int index) {
    if (regex.startsWith("(?P<", index)) {
      return index + 4;
    }
    boolean named =
        regex.startsWith("(?<", index)
            && index + 3 < regex.length()
            && regex.charAt(index + 3) != '='
            && regex.charAt(index + 3) != '!';
    return named ? index + 3 : -1;
  }

  /**
   * Compiles a {@code parse} pattern: literal text and {@code <field>} placeholders, {@code <_>}
   * for text to skip. The text before the first placeholder is looked for anywhere; a placeholder
   * takes the shortest text up to the literal after it, the last one (with nothing after it) the
   * rest of the value.
   *
   * @throws IllegalArgumentException when it names no field, or a placeholder is empty or unclosed
   */
  public static Extraction ofPattern(String text) {
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int index = 0;
    while (index < text.length()) {
      int open = text.indexOf('<', index);
      if (open < 0) {
        regex.append(Pattern.quote(text.substring(index)));
        break;
      }
      if (open > index) {
        regex.append(Pattern.quote(text.substring(index, open)));
      }
      int close = text.indexOf('>', open);
      if (close < 0 || close == open + 1) {
        throw new IllegalArgumentException("empty or unclosed placeholder at index " + open);
      }
      String name = text.substring(open + 1, close);
      String capture = close == text.length() - 1 ? "(.*)" : "(.*?)";
      if (name.equals("_")) {
        regex.append(capture.replace("(", "(?:"));
      } else {
        names.add(name);
        regex.append("(?<g").append(names.size()).append('>').append(capture, 1, capture.length());
      }
      index = close + 1;
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no placeholder such as <name> in the pattern");
    }
    return new Extraction(Pattern.compile(regex.toString(), Pattern.DOTALL), names);
  }
}
