package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BloomFilterTest {
  private static final int K = PartFormat.BLOOM_HASH_COUNT;

  @Property(tries = 300)
  void hasNoFalseNegatives(@ForAll @Size(min = 1, max = 2000) Set<Long> hashes) {
    long[] words = new long[BloomFilter.wordsFor(hashes.size())];
    hashes.forEach(hash -> BloomFilter.add(words, K, hash));
    for (long hash : hashes) {
      assertThat(BloomFilter.mayContain(words, K, hash)).as("hash %d", hash).isTrue();
    }
  }

  @Test
  void falsePositiveRateIsAboutOnePercent() {
    Random random = new Random(42);
    int tokens = 10_000;
    Set<Long> added = new HashSet<>();
    long[] words = new long[BloomFilter.wordsFor(tokens)];
    while (added.size() < tokens) {
      long hash = random.nextLong();
      added.add(hash);
      BloomFilter.add(words, K, hash);
    }
    int probes = 200_000;
    int falsePositives = 0;
    for (int i = 0; i < probes; i++) {
      long hash = random.nextLong();
      if (!added.contains(hash) && BloomFilter.mayContain(words, K, hash)) {
        falsePositives++;
      }
    }
    double rate = (double) falsePositives / probes;
    assertThat(rate).as("false-positive rate (seed 42)").isBetween(0.002, 0.015);
  }

  @Test
  void falsePositiveRateHoldsForRealTokenHashes() {
    Set<Long> added = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      dev.loupe.core.Tokens.forEachHash("user" + i + " request_" + (i * 7919), added::add);
    }
    long[] words = new long[BloomFilter.wordsFor(added.size())];
    added.forEach(hash -> BloomFilter.add(words, K, hash));
    int falsePositives = 0;
    int probes = 50_000;
    for (int i = 0; i < probes; i++) {
      long hash = dev.loupe.core.Tokens.hash("absent" + i);
      if (BloomFilter.mayContain(words, K, hash)) {
        falsePositives++;
      }
    }
    assertThat((double) falsePositives / probes).isLessThan(0.03);
  }

  @Test
  void emptyFilterContainsNothing() {
    assertThat(BloomFilter.wordsFor(0)).isZero();
    assertThat(BloomFilter.mayContain(new long[0], K, 12345L)).isFalse();
  }

  @Test
  void sizesTenBitsPerToken() {
    assertThat(BloomFilter.wordsFor(1)).isEqualTo(1);
    assertThat(BloomFilter.wordsFor(64)).isEqualTo(10);
    assertThat(BloomFilter.wordsFor(1000)).isEqualTo(157);
  }
}
