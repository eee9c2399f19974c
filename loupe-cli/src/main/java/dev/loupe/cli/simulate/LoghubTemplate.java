package dev.loupe.cli.simulate;

import dev.loupe.analytics.patterns.eval.TemplateNormaliser;
import java.util.Locale;
import java.util.Set;

/**
 * An event template written as Loghub-2.0's corrected ground truth writes templates, for the labels
 * CSV.
 *
 * <p>Design note. Two of the corrected ground truth's habits matter here. A number and its unit are
 * one variable: Proxifier's {@code 1190 bytes (1.16 KB) sent} is {@code <*> sent}, so the
 * catalogue's {@code in {millis} ms} is labelled {@code in <*>}. And the truth is already in the
 * form the scorer normalises mined templates into ({@link TemplateNormaliser}: digits are
 * variables, a variable's neighbours in one word join it), since the scorer normalises only the
 * mined side: without it a literal the scorer rewrites ({@code HikariPool-1}, {@code 3000ms}) could
 * never be matched. Stateless.
 */
final class LoghubTemplate {
  /** Units of measure, written after a number with a space. */
  private static final Set<String> UNITS =
      Set.of(
          "ns", "us", "µs", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute",
          "minutes", "h", "hour", "hours", "day", "days", "b", "byte", "bytes", "kb", "mb", "gb",
          "tb", "kib", "mib", "gib", "%");

  private static final String WILDCARD = Template.WILDCARD;

  private LoghubTemplate() {}

  /** {@code eventTemplate} (variables written {@code <*>}) in the ground truth's form. */
  static String of(String eventTemplate) {
    // normalised first, so that a literal number (threshold 1000 ms) is a variable with its unit
    String normalised = TemplateNormaliser.normalise(eventTemplate);
    return TemplateNormaliser.normalise(withUnitsInVariables(normalised));
  }

  /** Each {@code <*> unit} becomes {@code <*>}. */
  static String withUnitsInVariables(String template) {
    StringBuilder out = new StringBuilder(template.length());
    int index = 0;
    while (index < template.length()) {
      int wildcard = template.indexOf(WILDCARD + " ", index);
      if (wildcard < 0) {
        break;
      }
      int unitStart = wildcard + WILDCARD.length() + 1;
      int unitEnd = unitStart;
      while (unitEnd < template.length() && isUnitChar(template.charAt(unitEnd))) {
        unitEnd++;
      }
      boolean wordEnds = unitEnd == template.length() || !isWordChar(template.charAt(unitEnd));
      String unit = template.substring(unitStart, unitEnd).toLowerCase(Locale.ROOT);
      out.append(template, index, wildcard + WILDCARD.length());
      index = wordEnds && UNITS.contains(unit) ? unitEnd : wildcard + WILDCARD.length();
    }
    return out.append(template, index, template.length()).toString();
  }

  private static boolean isUnitChar(char c) {
    return Character.isLetter(c) || c == '%';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
