package dev.loupe.analytics.patterns;

import dev.loupe.analytics.AnalyticsLimits;

/**
 * How one token of a template covers the token of a line at its position, and how it generalises
 * when it does not.
 *
 * <p>Design note. Drain replaces a differing token by {@code <*>} whole. That loses the parts of a
 * token that are not the value: the key of {@code user=alice}, the quotes and brackets around a
 * value, the punctuation after it ({@code ssh.service:} and {@code cron.service:} are {@code <*>:},
 * not {@code <*>}), and the words of a quoted string that are the same ({@code "GET / HTTP/1.1"}
 * and {@code "GET <*> HTTP/1.1"} are {@code "GET <*> HTTP/1.1"}). So a differing token keeps what
 * both have around the value: an opening run of brackets and quotes, a key ending in {@code =} or
 * {@code :}, a closing run of brackets, quotes and punctuation; a quoted string of as many words as
 * the other is generalised word by word. Such a token ({@code user=<*>}, {@code "<*>"}, {@code
 * <*>:}) then stands for any value with the same edges: it covers {@code user=bob}, {@code "any
 * thing"}, {@code done:}. The templates keep the text Loghub's ground truth keeps, and a line that
 * only differs in a value's text fits its pattern without refining it again. Stateless.
 */
final class TemplateTokens {
  private static final String WILDCARD = TokenMasker.WILDCARD;

  private TemplateTokens() {}

  /** Whether {@code templateToken} (not {@code <*>} alone) covers {@code lineToken}. */
  static boolean covers(String templateToken, String lineToken) {
    if (templateToken.equals(lineToken)) {
      return true;
    }
    if (templateToken.indexOf(' ') >= 0) {
      return coversWords(templateToken, lineToken);
    }
    int wildcard = templateToken.indexOf(WILDCARD);
    if (wildcard < 0) {
      return false;
    }
    int suffixStart = wildcard + WILDCARD.length();
    int suffixLength = templateToken.length() - suffixStart;
    if (!isEdgePrefix(templateToken, wildcard) || !isEdgeSuffix(templateToken, suffixStart)) {
      return false;
    }
    // an empty value is a value ("", key=): keys with nothing after them are common (ruser=)
    return lineToken.length() >= wildcard + suffixLength
        && lineToken.regionMatches(0, templateToken, 0, wildcard)
        && lineToken.regionMatches(
            lineToken.length() - suffixLength, templateToken, suffixStart, suffixLength);
  }

  /**
   * Whether two differing tokens hold the same field with other values, which the miner's
   * similarity counts as alike: the template's token covers the line's, both have the same key
   * ({@code user=bob}, {@code user=al}), or both are quoted strings ending alike ({@code "-"},
   * {@code "GET / HTTP/1.1"}): a quoted string is a value's slot, whatever it holds.
   */
  static boolean sameField(String templateToken, String lineToken) {
    if (covers(templateToken, lineToken) || sharedKeyLength(templateToken, lineToken) > 0) {
      return true;
    }
    String ending = quotedEnding(templateToken);
    return ending != null && ending.equals(quotedEnding(lineToken));
  }

  /**
   * The end of a quoted token from its closing quote on ({@code "} or {@code ",}), when it starts
   * with a double quote and only punctuation follows the closing one; else null.
   */
  private static String quotedEnding(String token) {
    if (!isQuoted(token)) {
      return null;
    }
    int close = token.lastIndexOf('"');
    for (int index = close + 1; index < token.length(); index++) {
      if (!isClosing(token.charAt(index))) {
        return null;
      }
    }
    return token.substring(close);
  }

  /**
   * A quoted string of several words covers one of as many words, word by word. Walks both strings
   * in place (this runs for every candidate pattern of every line): only a template word that holds
   * a variable among other characters is cut out to be compared.
   */
  private static boolean coversWords(String templateToken, String lineToken) {
    int templateStart = 0;
    int lineStart = 0;
    while (true) {
      int templateEnd = wordEnd(templateToken, templateStart);
      int lineEnd = wordEnd(lineToken, lineStart);
      int length = templateEnd - templateStart;
      boolean same =
          length == lineEnd - lineStart
              && templateToken.regionMatches(templateStart, lineToken, lineStart, length);
      if (!same && !isWildcard(templateToken, templateStart, templateEnd)) {
        int wildcard = templateToken.indexOf(WILDCARD, templateStart);
        if (wildcard < 0
            || wildcard >= templateEnd
            || !covers(
                templateToken.substring(templateStart, templateEnd),
                lineToken.substring(lineStart, lineEnd))) {
          return false;
        }
      }
      boolean templateDone = templateEnd == templateToken.length();
      boolean lineDone = lineEnd == lineToken.length();
      if (templateDone || lineDone) {
        return templateDone && lineDone;
      }
      templateStart = templateEnd + 1;
      lineStart = lineEnd + 1;
    }
  }

  private static int wordEnd(String text, int start) {
    int space = text.indexOf(' ', start);
    return space < 0 ? text.length() : space;
  }

  private static boolean isWildcard(String text, int start, int end) {
    return end - start == WILDCARD.length() && text.startsWith(WILDCARD, start);
  }

  /**
   * The template token generalised to cover {@code lineToken} too: itself when it covers it
   * already, else what both have around the value, with {@code <*>} for the rest (see the class
   * note).
   */
  static String generalise(String templateToken, String lineToken) {
    if (templateToken.equals(WILDCARD) || covers(templateToken, lineToken)) {
      return templateToken;
    }
    if (isQuoted(templateToken) && isQuoted(lineToken)) {
      String words = generaliseWords(templateToken, lineToken);
      if (words != null) {
        return words;
      }
    }
    int prefix = sharedKeyLength(templateToken, lineToken);
    if (prefix == 0) {
      prefix = sharedRun(templateToken, lineToken, true);
    }
    int maxSuffix = Math.min(templateToken.length(), lineToken.length()) - prefix;
    int closing = balancedSuffix(templateToken, prefix, sharedRun(templateToken, lineToken, false));
    int suffix = Math.min(Math.max(closing, sharedGroup(templateToken, lineToken)), maxSuffix);
    if (prefix == 0 && suffix == 0) {
      return WILDCARD;
    }
    String generalised =
        templateToken.substring(0, prefix)
            + WILDCARD
            + templateToken.substring(templateToken.length() - suffix);
    // edges that are not a key, brackets or punctuation ("<*>x" is no edge) cover nothing
    return covers(generalised, lineToken) && covers(generalised, templateToken)
        ? generalised
        : WILDCARD;
  }

  /** Word by word, when both quoted strings have as many words; else null. */
  private static String generaliseWords(String templateToken, String lineToken) {
    String[] templateWords = templateToken.split(" ");
    String[] lineWords = lineToken.split(" ");
    if (templateWords.length != lineWords.length || templateWords.length < 2) {
      return null;
    }
    StringBuilder out = new StringBuilder(templateToken.length());
    for (int index = 0; index < templateWords.length; index++) {
      if (index > 0) {
        out.append(' ');
      }
      out.append(generalise(templateWords[index], lineWords[index]));
    }
    return out.toString();
  }

  private static boolean isQuoted(String token) {
    return token.length() > 1 && token.charAt(0) == '"' && token.indexOf('"', 1) > 0;
  }

  /**
   * Length of the longest shared prefix, of at most {@link AnalyticsLimits#MAX_KEY_CHARS}, ending
   * in {@code =} or {@code :} after a word character, maybe after brackets; else 0.
   */
  static int sharedKeyLength(String first, String second) {
    if (first.indexOf('=') < 0 && first.indexOf(':') < 0) {
      return 0; // most tokens hold no key: found without comparing them character by character
    }
    int shared = 0;
    int limit = Math.min(AnalyticsLimits.MAX_KEY_CHARS, Math.min(first.length(), second.length()));
    while (shared < limit && first.charAt(shared) == second.charAt(shared)) {
      shared++;
    }
    for (int end = shared; end > 1; end--) {
      if (isKeyEnd(first.charAt(end - 1)) && TokenMasker.isWordChar(first.charAt(end - 2))) {
        return end;
      }
    }
    return 0;
  }

  /**
   * Length of the run of opening ({@code leading}) or closing characters both tokens start or end
   * with.
   */
  private static int sharedRun(String first, String second, boolean leading) {
    int limit = Math.min(first.length(), second.length());
    int length = 0;
    while (length < limit) {
      char c = leading ? first.charAt(length) : first.charAt(first.length() - 1 - length);
      char other = leading ? second.charAt(length) : second.charAt(second.length() - 1 - length);
      if (c != other || !(leading ? isOpening(c) : isClosing(c))) {
        break;
      }
      length++;
    }
    return length;
  }

  /**
   * The part of a closing run of {@code length} characters ending {@code token} that the kept
   * prefix opens: a bracket or quote closed there whose opening went into the variable is dropped,
   * with everything before it ({@code pam_unix(cron:session):} and {@code pam_unix(sshd:session):}
   * keep {@code :}, not {@code ):}).
   */
  private static int balancedSuffix(String token, int prefix, int length) {
    int parens = 0;
    int squares = 0;
    int braces = 0;
    int doubleQuotes = 0;
    int singleQuotes = 0;
    for (int index = 0; index < prefix; index++) {
      switch (token.charAt(index)) {
        case '(' -> parens++;
        case '[' -> squares++;
        case '{' -> braces++;
        case '"' -> doubleQuotes++;
        case '\'' -> singleQuotes++;
        default -> {}
      }
    }
    int kept = 0;
    for (int index = token.length() - 1; kept < length; index--, kept++) {
      int open =
          switch (token.charAt(index)) {
            case ')' -> parens--;
            case ']' -> squares--;
            case '}' -> braces--;
            case '"' -> doubleQuotes--;
            case '\'' -> singleQuotes--;
            default -> 1;
          };
      if (open <= 0) {
        return kept;
      }
    }
    return kept;
  }

  /**
   * Length of a bracketed group both tokens end with ({@code (uid=<*>)} of {@code alice(uid=<*>)}
   * and {@code bob(uid=<*>)}), after something else; else 0.
   */
  private static int sharedGroup(String first, String second) {
    int open = Math.max(first.lastIndexOf('('), first.lastIndexOf('['));
    if (open < 1) {
      return 0;
    }
    int length = first.length() - open;
    boolean shared =
        second.length() > length
            && second.regionMatches(second.length() - length, first, open, length)
            && isGroupSuffix(first, open);
    return shared ? length : 0;
  }

  /** From {@code from}: closing characters only, or a bracketed group then closing characters. */
  private static boolean isEdgeSuffix(String token, int from) {
    if (isClosingRun(token, from)) {
      return true;
    }
    return from < token.length() && isGroupSuffix(token, from);
  }

  /** A bracket opening at {@code from}, closed by the closing run the token ends with. */
  private static boolean isGroupSuffix(String token, int from) {
    char open = token.charAt(from);
    char close = open == '(' ? ')' : open == '[' ? ']' : 0;
    if (close == 0) {
      return false;
    }
    int end = token.length();
    while (end > from + 1 && isClosing(token.charAt(end - 1)) && token.charAt(end - 1) != close) {
      end--;
    }
    return end > from + 1 && token.charAt(end - 1) == close;
  }

  /** Opening brackets and quotes, then maybe a key ending in {@code =} or {@code :}. */
  private static boolean isEdgePrefix(String token, int end) {
    int index = 0;
    while (index < end && isOpening(token.charAt(index))) {
      index++;
    }
    if (index == end) {
      return true;
    }
    return end - index > 1
        && isKeyEnd(token.charAt(end - 1))
        && TokenMasker.isWordChar(token.charAt(end - 2));
  }

  private static boolean isClosingRun(String token, int from) {
    for (int index = from; index < token.length(); index++) {
      if (!isClosing(token.charAt(index))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeyEnd(char c) {
    return c == '=' || c == ':';
  }

  private static boolean isOpening(char c) {
    return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'';
  }

  private static boolean isClosing(char c) {
    return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == ',' || c == ';'
        || c == ':' || c == '.' || c == '!' || c == '?';
  }
}
