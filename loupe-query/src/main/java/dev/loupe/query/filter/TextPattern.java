package dev.loupe.query.filter;

import dev.loupe.core.Tokens;
import java.util.List;

/**
 * The text matching shared by word and phrase filters: does a value contain the needle, ignoring
 * case, at token boundaries?
 *
 * <p>Design note. "At token boundaries" means: where the needle begins with a token character
 * (letter, digit, {@code _}; see {@link Tokens}) the value must not have a token character just
 * before the match, and likewise after it where the needle ends with one. So {@code error} matches
 * {@code "an error: x"} and {@code "ERROR"} but not {@code "errors"} or {@code "terror"}, and
 * {@code "connection refused"} matches {@code "dial: Connection refused."} but not {@code
 * "reconnection refused"}. This is what makes bloom skipping sound: with the boundaries, every
 * token of the needle is a whole token of any value that matches, so a block whose bloom filter
 * lacks one of them cannot hold a match. Plain substring semantics would break that for the first
 * and last token of a phrase (VictoriaLogs' phrase filter makes the same choice).
 *
 * <p>Case: characters are compared after the same per-character lower-casing that {@link
 * Tokens#hash} applies, not with {@link String#regionMatches(boolean, int, String, int, int)},
 * whose upper-then-lower rule equates a few characters (such as {@code ſ} and {@code s}) that hash
 * differently. Matching and bloom hashing must agree or a block would be skipped that holds a
 * match.
 *
 * <p>Cost: no allocation. When the needle starts with a token character only token starts are
 * tried, so the scan jumps from token to token; otherwise every position whose character equals the
 * needle's first one is tried. Immutable and thread-safe.
 */
final class TextPattern {
  private final char[] lowerNeedle;
  private final boolean boundedAtStart;
  private final boolean boundedAtEnd;
  private final long[] tokenHashes;

  TextPattern(String needle) {
    int length = needle.length();
    this.lowerNeedle = new char[length];
    for (int index = 0; index < length; index++) {
      lowerNeedle[index] = lowerCase(needle.charAt(index));
    }
    this.boundedAtStart = length > 0 && Tokens.isTokenChar(needle.charAt(0));
    this.boundedAtEnd = length > 0 && Tokens.isTokenChar(needle.charAt(length - 1));
    List<String> tokens = Tokens.split(needle);
    this.tokenHashes = tokens.stream().mapToLong(Tokens::hash).distinct().toArray();
  }

  boolean isEmpty() {
    return lowerNeedle.length == 0;
  }

  /**
   * The distinct hashes of the needle's tokens: each one is in the bloom filter of a value that
   * matches. The array is shared: callers do not modify it.
   */
  long[] tokenHashes() {
    return tokenHashes;
  }

  /** Whether {@code value} contains the needle at token boundaries; the empty needle: never. */
  boolean matches(String value) {
    int needleLength = lowerNeedle.length;
    if (needleLength == 0) {
      return false;
    }
    if (boundedAtStart) {
      return matchesAtTokenStarts(value);
    }
    int lastStart = value.length() - needleLength;
    char first = lowerNeedle[0];
    for (int start = 0; start <= lastStart; start++) {
      if (lowerCase(value.charAt(start)) == first && matchesAt(value, start)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesAtTokenStarts(String value) {
    int length = value.length();
    int index = 0;
    while (true) {
      while (index < length && !Tokens.isTokenChar(value.charAt(index))) {
        index++;
      }
      if (length - index < lowerNeedle.length) {
        return false;
      }
      if (matchesAt(value, index)) {
        return true;
      }
      while (index < length && Tokens.isTokenChar(value.charAt(index))) {
        index++;
      }
    }
  }

  private boolean matchesAt(String value, int start) {
    int needleLength = lowerNeedle.length;
    for (int offset = 0; offset < needleLength; offset++) {
      if (lowerCase(value.charAt(start + offset)) != lowerNeedle[offset]) {
        return false;
      }
    }
    int end = start + needleLength;
    return !boundedAtEnd || end == value.length() || !Tokens.isTokenChar(value.charAt(end));
  }

  /** The lower-casing of {@link Tokens}: ASCII fast path, else {@link Character#toLowerCase}. */
  static char lowerCase(char c) {
    if (c < 128) {
      return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(c);
  }
}
