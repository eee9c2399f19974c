package dev.loupe.storage.part;

/**
 * The bloom filter of one column of one block: the tokens of its values, so a word search skips the
 * blocks that cannot contain the word.
 *
 * <p><b>What.</b> A classic Bloom filter (B. H. Bloom, "Space/time trade-offs in hash coding with
 * allowable errors", CACM 13(7), 1970): {@code m} bits, {@code k} probes per token. The probes come
 * from the one 64-bit token hash of {@link dev.loupe.core.Tokens} by double hashing, {@code g_i =
 * h1 + i * h2} with h1 and h2 its low and high 32 bits (A. Kirsch, M. Mitzenmacher, "Less hashing,
 * same performance: building a better Bloom filter", ESA 2006), which keeps the false-positive rate
 * of k independent hashes. Each {@code g_i} is mapped onto {@code [0, m)} by a multiply and shift
 * instead of a modulo (D. Lemire, "Fast random integer generation in an interval", ACM TOMACS
 * 2019), so {@code m} need not be a power of two.
 *
 * <p><b>Sizing.</b> {@link PartFormat#BLOOM_BITS_PER_TOKEN} bits per <em>distinct</em> token,
 * rounded up to whole 64-bit words, and {@link PartFormat#BLOOM_HASH_COUNT} probes: about 0.8 %
 * false positives. A column without tokens gets no words at all and never matches.
 *
 * <p><b>Trade-off.</b> A blocked bloom filter (Putze, Sanders, Singler 2007) would touch one cache
 * line per lookup instead of seven, at ~1.5x the bits for the same rate. Lookups here happen once
 * per block per query word, far from the hot path, while every bit lives in memory for as long as
 * the part is open, so the classic, smaller layout wins.
 *
 * <p>The bit layout is on disk: bit {@code b} is bit {@code b % 64} of word {@code b / 64}.
 * Stateless; thread-safe for concurrent lookups on a filter nobody writes.
 */
final class BloomFilter {
  private BloomFilter() {}

  /**
   * The reduction in {@link #position} needs fewer than 2^32 bits. A block's text is capped at
   * {@link PartFormat#MAX_BLOCK_TEXT_BYTES}, so no real block comes near; past it the filter only
   * gets more false positives, never false negatives.
   */
  private static final int MAX_WORDS = 1 << 26;

  /** Words for {@code distinctTokens}: 0 when there are none. */
  static int wordsFor(int distinctTokens) {
    long bits = (long) distinctTokens * PartFormat.BLOOM_BITS_PER_TOKEN;
    return (int) Math.min(MAX_WORDS, (bits + 63) >>> 6);
  }

  static void add(long[] words, int hashCount, long tokenHash) {
    long bitCount = (long) words.length << 6;
    int first = (int) tokenHash;
    int second = (int) (tokenHash >>> 32);
    for (int i = 0; i < hashCount; i++) {
      long bit = position(first + i * second, bitCount);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  static boolean mayContain(long[] words, int hashCount, long tokenHash) {
    if (words.length == 0) {
      return false;
    }
    long bitCount = (long) words.length << 6;
    int first = (int) tokenHash;
    int second = (int) (tokenHash >>> 32);
    for (int i = 0; i < hashCount; i++) {
      long bit = position(first + i * second, bitCount);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Lemire's reduction of a 32-bit value onto {@code [0, bitCount)}; bitCount below 2^32. */
  private static long position(int probe, long bitCount) {
    return ((probe & 0xFFFFFFFFL) * bitCount) >>> 32;
  }
}
