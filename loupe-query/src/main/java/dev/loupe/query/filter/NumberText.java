package dev.loupe.query.filter;

/**
 * Recognises the numbers {@link FilterRange} compares: an optional sign, digits, an optional
 * fraction ({@code .} and digits), an optional exponent ({@code e} or {@code E}, an optional sign,
 * digits). Not {@code NaN}, {@code Infinity}, hex or surrounding whitespace: a log value that looks
 * like none of these is text, not a number. Integers of up to 18 digits, the usual case (status
 * codes, sizes, durations), parse without allocating. Stateless.
 */
public final class NumberText {
  /** 18 digits never overflow a long. */
  private static final int SHORT_INTEGER_DIGITS = 18;

  private NumberText() {}

  public static boolean isNumber(String text) {
    int length = text.length();
    int index = skipSign(text, 0);
    int digitsEnd = skipDigits(text, index);
    if (digitsEnd == index) {
      return false;
    }
    index = digitsEnd;
    if (index < length && text.charAt(index) == '.') {
      int fractionEnd = skipDigits(text, index + 1);
      if (fractionEnd == index + 1) {
        return false;
      }
      index = fractionEnd;
    }
    if (index < length && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
      int exponentStart = skipSign(text, index + 1);
      int exponentEnd = skipDigits(text, exponentStart);
      if (exponentEnd == exponentStart) {
        return false;
      }
      index = exponentEnd;
    }
    return index == length;
  }

  /** For a {@link #isNumber number}: true when it is an integer of at most 18 digits. */
  static boolean isShortInteger(String number) {
    int firstDigit = skipSign(number, 0);
    int digits = number.length() - firstDigit;
    return digits <= SHORT_INTEGER_DIGITS && skipDigits(number, firstDigit) == number.length();
  }

  /** For a {@link #isShortInteger short integer}: its value. */
  static long parseShortInteger(String number) {
    int firstDigit = skipSign(number, 0);
    long value = 0;
    for (int index = firstDigit; index < number.length(); index++) {
      value = value * 10 + (number.charAt(index) - '0');
    }
    return number.charAt(0) == '-' ? -value : value;
  }

  private static int skipSign(String text, int index) {
    if (index < text.length() && (text.charAt(index) == '-' || text.charAt(index) == '+')) {
      return index + 1;
    }
    return index;
  }

  private static int skipDigits(String text, int index) {
    int end = index;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return end;
  }
}
