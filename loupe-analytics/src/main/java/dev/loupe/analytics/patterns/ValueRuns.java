package dev.loupe.analytics.patterns;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Joins the tokens of one value that whitespace split, after masking, so that a value has one token
 * whatever its form: a number and its unit ({@code 12 ms}, {@code 1190 bytes (1.16 KB)}, {@code <1
 * sec}) and a written date ({@code Fri Jun 17 07:07:00 2005}) become one {@code <*>}.
 *
 * <p>Design note. Drain compares lines of the same token count only, so a value written with a
 * varying number of words splits its template into one pattern per form (Proxifier's {@code 0
 * bytes} and {@code 1190 bytes (1.16 KB)}). Units and calendar words are the same in every source,
 * so joining them is a general rule, not tuning. Plain neighbouring values ({@code <*> <*>}) are
 * left apart: templates keep distinct variables distinct. Stateless.
 */
final class ValueRuns {
  private static final Set<String> UNITS =
      Set.of(
          "b", "byte", "bytes", "kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "tib", "kbps",
          "mbps", "gbps", "bps", "ns", "us", "µs", "ms", "s", "sec", "secs", "second", "seconds",
          "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days",
          "%");

  private static final Set<String> CALENDAR_WORDS =
      Set.of(
          "mon",
          "tue",
          "wed",
          "thu",
          "fri",
          "sat",
          "sun",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday",
          "jan",
          "feb",
          "mar",
          "apr",
          "may",
          "jun",
          "jul",
          "aug",
          "sep",
          "sept",
          "oct",
          "nov",
          "dec",
          "january",
          "february",
          "march",
          "april",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");

  private ValueRuns() {}

  /** The tokens with each multi-token value joined; the same array when nothing was joined. */
  static String[] join(String[] tokens) {
    if (tokens.length < 2 || !mayJoin(tokens)) {
      return tokens;
    }
    String[] out = new String[tokens.length];
    int count = 0;
    for (int index = 0; index < tokens.length; index++) {
      String token = tokens[index];
      if (count > 0 && isUnit(token) && endsInValue(out[count - 1])) {
        out[count - 1] = absorbUnit(out[count - 1], token);
        if (count > 1 && isValue(out[count - 2]) && isAnnotation(out[count - 1])) {
          out[count - 2] = out[count - 2] + out[count - 1].substring("(<*>)".length());
          count--;
        }
        continue;
      }
      if (isCalendarWord(token)) {
        int end = calendarRunEnd(tokens, index);
        if (end > index + 1) {
          out[count++] = TokenMasker.WILDCARD + trailing(tokens[end - 1]);
          index = end - 1;
          continue;
        }
      }
      out[count++] = token;
    }
    return count == tokens.length ? tokens : Arrays.copyOf(out, count);
  }

  /** Cheap test: is there a masked token at all (nothing to join without one)? */
  private static boolean mayJoin(String[] tokens) {
    for (String token : tokens) {
      if (token.contains(TokenMasker.WILDCARD)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The end (exclusive) of a date starting at {@code start}: calendar words and masked values, at
   * least one of each, nothing else; {@code start + 1} when there is no such run.
   */
  private static int calendarRunEnd(String[] tokens, int start) {
    int end = start;
    boolean sawValue = false;
    while (end < tokens.length) {
      String token = tokens[end];
      boolean value = isValue(token);
      if (!value && !isCalendarWord(token)) {
        break;
      }
      sawValue |= value;
      end++;
      if (hasClosing(token)) {
        break;
      }
    }
    return sawValue ? end : start + 1;
  }

  private static boolean isCalendarWord(String token) {
    String core = core(token);
    return core.length() >= 3
        && core.length() <= 9
        && CALENDAR_WORDS.contains(core.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code text} (any case) is a unit such as {@code ms} or {@code KB}. */
  static boolean isUnitWord(String text) {
    return UNITS.contains(text.toLowerCase(Locale.ROOT));
  }

  private static boolean isUnit(String token) {
    String core = stripClosing(token);
    return !core.isEmpty() && UNITS.contains(core.toLowerCase(Locale.ROOT));
  }

  /** {@code <*>}, {@code (<*>}: a masked value with nothing after it yet. */
  private static boolean endsInValue(String token) {
    return token.endsWith(TokenMasker.WILDCARD) && isValue(token);
  }

  /** A masked value, maybe in brackets or quotes, maybe with trailing punctuation. */
  static boolean isValue(String token) {
    return core(token).equals(TokenMasker.WILDCARD);
  }

  /** {@code (<*>)} or {@code [<*>]} with maybe trailing punctuation: a value's annotation. */
  private static boolean isAnnotation(String token) {
    return (token.startsWith("(<*>)") || token.startsWith("[<*>]"))
        && stripClosing(token.substring(1)).equals(TokenMasker.WILDCARD);
  }

  private static String absorbUnit(String value, String unit) {
    return value + trailing(unit);
  }

  /** The closing punctuation at the end of a token. */
  private static String trailing(String token) {
    int end = token.length();
    int start = end;
    while (start > 0 && isClosing(token.charAt(start - 1))) {
      start--;
    }
    if (token.endsWith(TokenMasker.WILDCARD)) {
      return "";
    }
    return token.substring(start);
  }

  private static boolean hasClosing(String token) {
    return !token.isEmpty() && isClosing(token.charAt(token.length() - 1));
  }

  private static String core(String token) {
    int start = 0;
    while (start < token.length() && isOpening(token.charAt(start))) {
      start++;
    }
    return stripClosing(token.substring(start));
  }

  private static String stripClosing(String token) {
    if (token.endsWith(TokenMasker.WILDCARD)) {
      return token;
    }
    int end = token.length();
    while (end > 0 && isClosing(token.charAt(end - 1))) {
      end--;
    }
    return token.substring(0, end);
  }

  private static boolean isOpening(char c) {
    return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'';
  }

  private static boolean isClosing(char c) {
    return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == ',' || c == ';'
        || c == '.' || c == ':';
  }
}
