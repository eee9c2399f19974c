package dev.loupe.storage.part;

/**
 * Recognises the text of a 64-bit integer that {@link Long#toString} prints back exactly: an
 * optional {@code -}, then digits without leading zeros ({@code 0} itself, but never {@code -0},
 * {@code 007} or {@code +7}). Only such columns are stored as integers, so every value reads back
 * as the very text that was written.
 */
final class IntegerText {
  /** {@code -9223372036854775808} has 20 characters. */
  private static final int MAX_LENGTH = 20;

  private IntegerText() {}

  /**
   * Parses {@code text} into {@code destination[index]} when it is a canonical long.
   *
   * @return false, leaving {@code destination} untouched, when it is not
   */
  static boolean tryParse(String text, long[] destination, int index) {
    int length = text.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    boolean negative = text.charAt(0) == '-';
    int firstDigit = negative ? 1 : 0;
    if (firstDigit == length) {
      return false;
    }
    char leading = text.charAt(firstDigit);
    if (leading == '0') {
      if (length == 1) {
        destination[index] = 0;
        return true;
      }
      return false;
    }
    if (length - firstDigit <= SAFE_DIGITS) {
      return accumulateShort(text, firstDigit, negative, destination, index);
    }
    return accumulate(text, firstDigit, negative, destination, index);
  }

  /** 18 digits never overflow a long: the fast path needs no overflow checks. */
  private static final int SAFE_DIGITS = 18;

  /** Digits only, no overflow possible: the common case of status codes, durations, sizes. */
  private static boolean accumulateShort(
      String text, int firstDigit, boolean negative, long[] destination, int index) {
    long result = 0;
    for (int i = firstDigit; i < text.length(); i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return false;
      }
      result = result * 10 + digit;
    }
    destination[index] = negative ? -result : result;
    return true;
  }

  /** Accumulates negatively, like {@link Long#parseLong}, so that Long.MIN_VALUE fits. */
  private static boolean accumulate(
      String text, int firstDigit, boolean negative, long[] destination, int index) {
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyMinimum = limit / 10;
    long result = 0;
    for (int i = firstDigit; i < text.length(); i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9 || result < multiplyMinimum) {
        return false;
      }
      result *= 10;
      if (result < limit + digit) {
        return false;
      }
      result -= digit;
    }
    destination[index] = negative ? result : -result;
    return true;
  }
}
