package dev.loupe.analytics.patterns;

/**
 * Replaces the variable parts of one whitespace-separated token with {@code <*>} before the miner
 * compares lines, so that lines of one template look alike whatever their values.
 *
 * <p>Design note. Drain and Drain3 mask with a list of regular expressions per source; Loupe must
 * work on any source without configuration and at ingest speed, so it masks with one pass over the
 * characters and a few general rules instead:
 *
 * <ul>
 *   <li>whole tokens (inside brackets and quotes, before trailing punctuation): file paths ({@code
 *       /var/log/x}, {@code ./x}, {@code C:\x}), URLs ({@code scheme://…}), e-mail addresses and
 *       UUIDs;
 *   <li>inside a token, each run of letters, digits and {@code _} that holds two or more digits, or
 *       is one digit alone, is a value: numbers, hex ids ({@code 0x1f}, {@code 7f3a9c2e}), IP
 *       addresses, ports, durations ({@code 12ms}), sizes ({@code 4KB}), times and dates ({@code
 *       12:34:56}, {@code 2026-11-22}), node ids ({@code R02-M1-N0}). A word with one digit ({@code
 *       ssh2}, {@code ipv4}, {@code u0}) stays: such words name things, they rarely vary; so does a
 *       name with a version of single digits ({@code HTTP/1.1}, {@code curl/8.5.0});
 *   <li>a name joined to such a value by {@code -} or {@code _} is an identifier, one value whole
 *       ({@code blk_-42}, {@code SKU-00105}, {@code http-nio-8080-exec-9}), as Loghub's ground
 *       truth writes block ids;
 *   <li>the words {@code true}, {@code false} and {@code null} are values, as in the Loghub-2.0
 *       corrected ground truth;
 *   <li>a sign directly before a number belongs to it, and values joined by {@code . : - / @ # +}
 *       become one {@code <*>}, so an IP with its port or a timestamp is one variable.
 * </ul>
 *
 * Trade-off: a value without a digit (a user name, a host name) is not masked here; the miner's
 * similarity turns it into {@code <*>} once two lines of the template differ there. Stateless and
 * thread-safe; a token without anything to mask is returned as the same instance (no allocation).
 */
final class TokenMasker {
  /** What a variable becomes in a template. */
  static final String WILDCARD = "<*>";

  private TokenMasker() {}

  /** The token with its variable parts replaced by {@link #WILDCARD}. */
  static String mask(String token) {
    int length = token.length();
    if (length == 0) {
      return token;
    }
    int coreStart = 0;
    while (coreStart < length && isOpening(token.charAt(coreStart))) {
      coreStart++;
    }
    int coreEnd = length;
    while (coreEnd > coreStart && isClosing(token.charAt(coreEnd - 1))) {
      coreEnd--;
    }
    if (coreEnd > coreStart && isWholeValue(token, coreStart, coreEnd)) {
      // A dot right after a path or URL is taken as its own (a sentence's end stays with it).
      int valueEnd = coreEnd < length && token.charAt(coreEnd) == '.' ? coreEnd + 1 : coreEnd;
      return token.substring(0, coreStart) + WILDCARD + token.substring(valueEnd);
    }
    if (isNameWithVersion(token, coreStart, coreEnd)) {
      return token;
    }
    return maskIdentifier(maskHostNames(maskSegments(token)));
  }

  /**
   * A name and a version of single digits ({@code HTTP/1.1}, {@code curl/8.5.0}): it names a
   * protocol or a program, as a word with one digit does ({@code ssh2}).
   */
  private static boolean isNameWithVersion(String token, int start, int end) {
    int slash = token.indexOf('/', start);
    if (slash < start + 2 || slash >= end - 1) {
      return false;
    }
    for (int index = start; index < slash; index++) {
      if (!isLetter(token.charAt(index))) {
        return false;
      }
    }
    for (int index = slash + 1; index < end; index++) {
      boolean digitPlace = (index - slash) % 2 == 1;
      char c = token.charAt(index);
      if (digitPlace ? !isDigit(c) : c != '.') {
        return false;
      }
    }
    return (end - slash) % 2 == 0;
  }

  /**
   * A name joined to a value by {@code -} or {@code _} ({@code SKU-<*>}, {@code blk_<*>}, {@code
   * http-nio-<*>-exec-<*>}) is an identifier, one value: the whole run becomes {@code <*>}, as
   * Loghub's ground truth writes block and node ids.
   */
  private static String maskIdentifier(String token) {
    int wildcard = token.indexOf(WILDCARD);
    if (wildcard < 0) {
      return token;
    }
    int start = 0;
    while (start < token.length() && isOpening(token.charAt(start))) {
      start++;
    }
    int end = token.length();
    while (end > start
        && isClosing(token.charAt(end - 1))
        && !token.startsWith(WILDCARD, end - WILDCARD.length())) {
      end--;
    }
    boolean joined = false;
    boolean letter = false;
    for (int index = start; index < end; index++) {
      if (token.startsWith(WILDCARD, index)) {
        index += WILDCARD.length() - 1;
        continue;
      }
      char c = token.charAt(index);
      if (c == '-' || c == '_') {
        joined = true;
      } else if (isLetter(c)) {
        letter = true;
      } else if (!isDigit(c)) {
        return token;
      }
    }
    if (!joined || !letter) {
      return token;
    }
    return token.substring(0, start) + WILDCARD + token.substring(end);
  }

  private static boolean isOpening(char c) {
    return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'';
  }

  private static boolean isClosing(char c) {
    return c == ')' || c == ']' || c == '}' || c == '>' || c == '"' || c == '\'' || c == ','
        || c == ';' || c == '.' || c == ':';
  }

  private static boolean isWholeValue(String token, int start, int end) {
    return isPath(token, start, end)
        || isUrl(token, start, end)
        || isEmail(token, start, end)
        || isUuid(token, start, end)
        || isHardwareAddress(token, start, end);
  }

  /** Six or more pairs of hex digits joined by {@code :} or {@code -}: MAC, EUI-64 and the like. */
  private static boolean isHardwareAddress(String token, int start, int end) {
    int length = end - start;
    if (length < 17 || (length + 1) % 3 != 0) {
      return false;
    }
    char separator = token.charAt(start + 2);
    if (separator != ':' && separator != '-') {
      return false;
    }
    for (int index = 0; index < length; index++) {
      char c = token.charAt(start + index);
      if (index % 3 == 2 ? c != separator : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code /a/b}, {@code ./a}, {@code ../a}, {@code ~/a}, {@code C:\a}; not {@code /} nor {@code
   * //}.
   */
  static boolean isPath(String token, int start, int end) {
    int length = end - start;
    if (length < 2) {
      return false;
    }
    char first = token.charAt(start);
    char second = token.charAt(start + 1);
    if (first == '/') {
      return second != '/' && second != '>' && !Character.isWhitespace(second);
    }
    if ((first == '.' || first == '~') && second == '/') {
      return length > 2;
    }
    if (first == '.' && second == '.' && length > 3 && token.charAt(start + 2) == '/') {
      return true;
    }
    return length > 3
        && isLetter(first)
        && second == ':'
        && token.charAt(start + 2) == '\\'
        && token.charAt(start + 3) != '\\';
  }

  private static boolean isUrl(String token, int start, int end) {
    int scheme = token.indexOf("://", start);
    if (scheme <= start || scheme + 3 >= end) {
      return false;
    }
    for (int index = start; index < scheme; index++) {
      char c = token.charAt(index);
      if (!isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isEmail(String token, int start, int end) {
    int at = token.indexOf('@', start);
    if (at <= start || at >= end - 3) {
      return false;
    }
    int dot = token.indexOf('.', at + 2);
    if (dot < 0 || dot >= end - 1) {
      return false;
    }
    for (int index = start; index < end; index++) {
      char c = token.charAt(index);
      boolean allowed =
          isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@';
      if (!allowed) {
        return false;
      }
    }
    return token.indexOf('@', at + 1) < 0 || token.indexOf('@', at + 1) >= end;
  }

  /** 8-4-4-4-12 hexadecimal digits. */
  private static boolean isUuid(String token, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int index = 0; index < 36; index++) {
      char c = token.charAt(start + index);
      boolean dash = index == 8 || index == 13 || index == 18 || index == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Masks the value runs of letters, digits and {@code _} inside the token; see the class note.
   * Allocates only when something is masked.
   */
  private static String maskSegments(String token) {
    int length = token.length();
    StringBuilder out = null;
    int copiedUpTo = 0;
    int wildcardEnd = -1;
    int index = 0;
    while (index < length) {
      char c = token.charAt(index);
      if (!isWordChar(c)) {
        index++;
        continue;
      }
      int start = index;
      int digits = 0;
      int letters = 0;
      while (index < length && isWordChar(token.charAt(index))) {
        char inner = token.charAt(index);
        if (isDigit(inner)) {
          digits++;
        } else if (inner != '_') {
          letters++;
        }
        index++;
      }
      if (!isValue(token, start, index, digits, letters)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(length + 4);
      }
      out.append(token, copiedUpTo, start);
      copiedUpTo = index;
      boolean signed = letters == 0 && isSign(out);
      if (signed && out.length() - 1 != wildcardEnd) {
        out.setLength(out.length() - 1);
      }
      boolean joined =
          wildcardEnd >= 0 && out.length() == wildcardEnd + 1 && isJoiner(out.charAt(wildcardEnd));
      if (joined) {
        out.setLength(wildcardEnd);
      } else if (out.length() != wildcardEnd) {
        out.append(WILDCARD);
      }
      wildcardEnd = out.length();
    }
    if (out == null) {
      return token;
    }
    out.append(token, copiedUpTo, length);
    return out.toString();
  }

  /**
   * A host name or dotted name holding a masked part ({@code <*>.dsl.example.net}, {@code
   * ec2-<*>.compute.amazonaws.com}) is one value: the run of letters, digits, {@code . - _} around
   * the mask, when it has a dot, becomes one {@code <*>}.
   */
  private static String maskHostNames(String token) {
    int wildcard = token.indexOf(WILDCARD);
    if (wildcard < 0 || token.indexOf('.') < 0) {
      return token;
    }
    StringBuilder out = new StringBuilder(token.length());
    int index = 0;
    while (index < token.length()) {
      int start = index;
      boolean dotted = false;
      boolean masked = false;
      while (index < token.length()) {
        if (token.startsWith(WILDCARD, index)) {
          masked = true;
          index += WILDCARD.length();
          continue;
        }
        char c = token.charAt(index);
        boolean port = c == ':' && token.startsWith(WILDCARD, index + 1);
        if (!(isWordChar(c) || c == '.' || c == '-' || port)) {
          break;
        }
        dotted |= c == '.' && index + 1 < token.length() && isWordChar(token.charAt(index + 1));
        index++;
      }
      if (index > start) {
        if (masked && dotted) {
          out.append(WILDCARD);
        } else {
          out.append(token, start, index);
        }
        continue;
      }
      out.append(token.charAt(index));
      index++;
    }
    return out.length() == token.length() && out.toString().equals(token) ? token : out.toString();
  }

  private static boolean isValue(String token, int start, int end, int digits, int letters) {
    if (digits > 0) {
      return digits > 1 || letters == 0 || isNumberWithUnit(token, start, end);
    }
    int length = end - start;
    if (length < 4 || length > 5) {
      return false;
    }
    return token.regionMatches(true, start, "true", 0, length)
        || token.regionMatches(true, start, "false", 0, length)
        || token.regionMatches(true, start, "null", 0, length)
        || token.regionMatches(true, start, "root", 0, length)
        || token.regionMatches(true, start, "admin", 0, length);
  }

  /**
   * Whether the text before a number ends in its sign: {@code -} or {@code +} not after a letter or
   * digit ({@code -5}, {@code x=-5}, {@code blk_-42}), or a comparison opening the token ({@code
   * <1}, {@code >5}, {@code ~3}).
   */
  private static boolean isSign(StringBuilder out) {
    int length = out.length();
    if (length == 0) {
      return false;
    }
    char sign = out.charAt(length - 1);
    if (length == 1 && (sign == '<' || sign == '>' || sign == '~')) {
      return true;
    }
    if (sign != '-' && sign != '+') {
      return false;
    }
    return length == 1 || !isWordChar(out.charAt(length - 2)) || out.charAt(length - 2) == '_';
  }

  /** Digits then a unit: {@code 4KB}, {@code 5s}. */
  private static boolean isNumberWithUnit(String token, int start, int end) {
    int index = start;
    while (index < end && isDigit(token.charAt(index))) {
      index++;
    }
    return index > start && index < end && ValueRuns.isUnitWord(token.substring(index, end));
  }

  /** Characters that join two values into one: {@code 10.0.0.1:80}, {@code 12:34:56}. */
  private static boolean isJoiner(char c) {
    return c == '.' || c == ':' || c == '-' || c == '/' || c == '@' || c == '#' || c == '+';
  }

  static boolean isWordChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_' || c > 0x7f && Character.isLetterOrDigit(c);
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
