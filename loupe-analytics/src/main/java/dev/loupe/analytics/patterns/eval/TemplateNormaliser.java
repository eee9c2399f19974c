package dev.loupe.analytics.patterns.eval;

/**
 * Normalises a mined template the way the Loghub-2.0 benchmark post-processes every parser's
 * templates before scoring (its {@code correct_single_template} of {@code post_process.py}):
 * whitespace runs become one space; between delimiters ({@code whitespace , ! ; : = | " ' [ ] ( ) {
 * } . - + @ # $ % &}) a run of digits becomes {@code <*>}, and so does a run holding {@code <*>}
 * with other characters but no {@code /}; then adjacent variables collapse: {@code <*>.<*>}, {@code
 * <*><*>}, {@code <*>:<*>}, {@code <*>#<*>}, {@code <*>/<*>}, {@code <*>@<*>}, and a variable
 * quoted or prefixed with {@code #} between spaces. The ground truth is not normalised (the
 * Loghub-2.0 corrected files already are, by their own rules), exactly as in the benchmark.
 * Stateless.
 */
public final class TemplateNormaliser {
  private static final String WILDCARD = "<*>";
  private static final String DELIMITERS = ",!;:=|\"'[](){}.-+@#$%&";

  private TemplateNormaliser() {}

  public static String normalise(String template) {
    String text = collapseSpaces(template.strip());
    text = rewriteTokens(text);
    text = replaceAll(text, "<*>.<*>", WILDCARD);
    text = replaceAll(text, "<*><*>", WILDCARD);
    text = replaceAll(text, " #<*># ", " <*> ");
    text = replaceAll(text, " #<*> ", " <*> ");
    text = replaceAll(text, "<*>:<*>", WILDCARD);
    text = replaceAll(text, "<*>#<*>", WILDCARD);
    text = replaceAll(text, "<*>/<*>", WILDCARD);
    text = replaceAll(text, "<*>@<*>", WILDCARD);
    text = replaceAll(text, "<*>.<*>", WILDCARD);
    text = replaceAll(text, " \"<*>\" ", " <*> ");
    text = replaceAll(text, " '<*>' ", " <*> ");
    text = replaceAll(text, "<*><*>", WILDCARD);
    return text;
  }

  private static String collapseSpaces(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (Character.isWhitespace(c)) {
        if (!inSpace) {
          out.append(' ');
        }
        inSpace = true;
      } else {
        out.append(c);
        inSpace = false;
      }
    }
    return out.toString();
  }

  /** The digit (DG) and word-with-variable (WV) rules on each run between delimiters. */
  private static String rewriteTokens(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    for (int index = 0; index <= text.length(); index++) {
      boolean end = index == text.length();
      if (!end && !isDelimiter(text.charAt(index))) {
        continue;
      }
      out.append(rewrite(text.substring(start, index)));
      if (!end) {
        out.append(text.charAt(index));
      }
      start = index + 1;
    }
    return out.toString();
  }

  private static String rewrite(String token) {
    if (token.isEmpty()) {
      return token;
    }
    if (token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return WILDCARD;
    }
    if (token.contains(WILDCARD) && token.indexOf('/') < 0) {
      return WILDCARD;
    }
    return token;
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0;
  }

  /** Python's {@code while a in s: s = s.replace(a, b)}. */
  private static String replaceAll(String text, String target, String replacement) {
    String result = text;
    while (result.contains(target)) {
      result = result.replace(target, replacement);
    }
    return result;
  }
}
