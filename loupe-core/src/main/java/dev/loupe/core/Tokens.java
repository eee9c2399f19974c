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

  /**
   * Calls {@code consumer} with the hash of every token of {@code text}, duplicates included.
   *
   * <p>One pass with one branch per character: the ASCII table both classifies and lower-cases,
   * which halves the time of the two-loop, two-branch form on log text (bloom building calls this
   * for every value the storage writes). The hashes are exactly those of {@link #hash}.
   */
  public static void forEachHash(CharSequence text, LongConsumer consumer) {
    int length = text.length();
    long hash = FNV_OFFSET;
    boolean inToken = false;
    for (int index = 0; index < length; index++) {
      int lower = tokenLowerCase(text.charAt(index));
      if (lower != NOT_A_TOKEN_CHAR) {
        hash = (hash ^ lower) * FNV_PRIME;
        inToken = true;
      } else if (inToken) {
        consumer.accept(finish(hash));
        hash = FNV_OFFSET;
        inToken = false;
      }
    }
    if (inToken) {
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

  /** No token character lower-cases to NUL, so 0 can mark the others. */
  private static final int NOT_A_TOKEN_CHAR = 0;

  /** For each ASCII character: its lower case when it is a token character, else 0. */
  private static final byte[] ASCII_TOKEN_LOWER_CASE = asciiTokenLowerCase();

  private static byte[] asciiTokenLowerCase() {
    byte[] table = new byte[128];
    for (char c = 0; c < 128; c++) {
      table[c] = isTokenChar(c) ? (byte) lowerCase(c) : NOT_A_TOKEN_CHAR;
    }
    return table;
  }

  /** The lower case of a token character, {@link #NOT_A_TOKEN_CHAR} for any other. */
  private static int tokenLowerCase(char c) {
    if (c < 128) {
      return ASCII_TOKEN_LOWER_CASE[c];
    }
    return Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : NOT_A_TOKEN_CHAR;
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
