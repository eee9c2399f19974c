package dev.loupe.analytics.patterns;

/**
 * Pattern ids: {@code p} and 12 hexadecimal digits of a 64-bit hash of the pattern's tenant and
 * first template.
 *
 * <p>Design note. An id must never change once lines carry it, and must mean the same after a
 * restart. A counter would need to be durable before every id it hands out (a write on the ingest
 * path); a hash of the first template is durable by construction: if the registry file is older
 * than the stored lines after a crash, re-mining the same kind of line derives the same id again.
 * Refinement changes the template but never the id. 48 bits make a collision among 100 000 live
 * patterns about one in 50 000; one that happens is resolved by hashing again with an attempt
 * number, so ids stay distinct. The leading letter keeps ids from ever being stored as integers.
 */
final class PatternIds {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PatternIds() {}

  /**
   * The id of a pattern of {@code tenant} first seen as {@code firstTemplate}, for the given
   * collision attempt.
   */
  static String of(String tenant, String firstTemplate, int attempt) {
    long hash = FNV_OFFSET;
    for (int index = 0; index < tenant.length(); index++) {
      hash ^= tenant.charAt(index);
      hash *= FNV_PRIME;
    }
    hash ^= '\n';
    hash *= FNV_PRIME;
    for (int index = 0; index < firstTemplate.length(); index++) {
      hash ^= firstTemplate.charAt(index);
      hash *= FNV_PRIME;
    }
    hash ^= attempt * 0x9e3779b97f4a7c15L;
    hash = mix(hash);
    char[] text = new char[13];
    text[0] = 'p';
    for (int digit = 12; digit >= 1; digit--) {
      text[digit] = HEX[(int) (hash & 0xf)];
      hash >>>= 4;
    }
    return new String(text);
  }

  /** True for text shaped like an id. */
  static boolean isId(String text) {
    if (text.length() != 13 || text.charAt(0) != 'p') {
      return false;
    }
    for (int index = 1; index < 13; index++) {
      char c = text.charAt(index);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** SplitMix64's finaliser: spreads FNV's weak low bits over the whole word. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
