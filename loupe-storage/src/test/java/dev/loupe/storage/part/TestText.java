package dev.loupe.storage.part;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of text for property tests: valid UTF-16 (no unpaired surrogates), all planes. */
final class TestText {
  private TestText() {}

  /** Strings of up to {@code maxCodePoints} code points: mostly ASCII, some Latin, CJK, emoji. */
  static Arbitrary<String> unicode(int maxCodePoints) {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x80, 0x7FF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x800, 0xD7FF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoint
        .list()
        .ofMaxSize(maxCodePoints)
        .map(
            points -> {
              StringBuilder text = new StringBuilder();
              points.forEach(text::appendCodePoint);
              return text.toString();
            });
  }
}
