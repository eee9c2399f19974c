package dev.loupe.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Splits text into the tokens that bloom filters index and word filters look up.
 *
 * <p>A token is a maximal run of letters, digits and {@code _}. Tokens compare case-insensitively:
 * the hash is taken over the lower-cased characters, so {@code ERROR}, {@code Error} and {@code
 * error} share one bloom entry and a search for any of them finds all three. The hash is FNV-1a
 * over UTF-16 code units followed by the 64-bit finalizer of MurmurHash3 (fmix64), which spreads
 * the bits well enough to derive all bloom probe positions from one value (Kirsch and Mitzenmacher,
 * "Less hashing, same performance", 2006).
 *
 * <p>The hash is written to disk inside bloom filters: changing it is a format change.
 */
public final class Tokens {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Tokens() {}

  public static boolean isTokenChar(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  /** Calls {@code consumer} with the hash of every token of {@code text}, duplicates included. */
  public static void forEachHash(CharSequence text, LongConsumer consumer) {
    int length = text.length();
    int index = 0;
    while (index < length) {
      while (index < length && !isTokenChar(text.charAt(index))) {
        index++;
      }
      if (index == length) {
        return;
      }
      long hash = FNV_OFFSET;
      while (index < length) {
        char c = text.charAt(index);
        if (!isTokenChar(c)) {
          break;
        }
        hash = (hash ^ lowerCase(c)) * FNV_PRIME;
        index++;
      }
      consumer.accept(finish(hash));
    }
  }

  /** The hash of one token; {@code token} must consist of token characters only. */
  public static long hash(CharSequence token) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < token.length(); i++) {
      hash = (hash ^ lowerCase(token.charAt(i))) * FNV_PRIME;
    }
    return finish(hash);
  }

  /** The tokens of {@code text} in order, as strings (query side; not for hot paths). */
  public static List<String> split(CharSequence text) {
    List<String> tokens = new ArrayList<>();
    int length = text.length();
    int index = 0;
    while (index < length) {
      while (index < length && !isTokenChar(text.charAt(index))) {
        index++;
      }
      int start = index;
      while (index < length && isTokenChar(text.charAt(index))) {
        index++;
      }
      if (index > start) {
        tokens.add(text.subSequence(start, index).toString());
      }
    }
    return tokens;
  }

  private static char lowerCase(char c) {
    if (c < 128) {
      return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(c);
  }

  private static long finish(long hash) {
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb93fe53a87cdL;
    hash ^= hash >>> 33;
    return hash;
  }
}
