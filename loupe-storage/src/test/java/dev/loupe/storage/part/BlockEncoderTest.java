package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Tokens;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockEncoderTest {

  /** The bloom of an integer column must hold exactly the tokens of the values' text. */
  @Property(tries = 1000)
  void integerTokenHashIsTheHashOfTheValuesText(@ForAll long value) {
    checkIntegerTokenHash(value);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        -1,
        9,
        10,
        -10,
        200,
        1_000_000,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        -Long.MAX_VALUE
      })
  void integerTokenHashCoversTheEdges(long value) {
    checkIntegerTokenHash(value);
  }

  private static void checkIntegerTokenHash(long value) {
    List<Long> expected = new ArrayList<>();
    Tokens.forEachHash(Long.toString(value), expected::add);
    try (BlockEncoder encoder = new BlockEncoder(1)) {
      assertThat(List.of(encoder.integerTokenHash(value))).as("%d", value).isEqualTo(expected);
    }
  }
}
