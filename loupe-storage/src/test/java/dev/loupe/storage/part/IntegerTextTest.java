package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerTextTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "7, 7",
    "-7, -7",
    "200, 200",
    "9223372036854775807, 9223372036854775807",
    "-9223372036854775808, -9223372036854775808"
  })
  void parsesCanonicalIntegers(String text, long expected) {
    long[] destination = new long[1];
    assertThat(IntegerText.tryParse(text, destination, 0)).isTrue();
    assertThat(destination[0]).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "-0",
        "00",
        "007",
        "+7",
        " 7",
        "7 ",
        "1.5",
        "1e3",
        "0x10",
        "١٢",
        "--1",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999",
        "12a"
      })
  void rejectsTextThatWouldNotPrintBackTheSame(String text) {
    long[] destination = {123};
    assertThat(IntegerText.tryParse(text, destination, 0)).isFalse();
    assertThat(destination[0]).isEqualTo(123);
  }

  @Property(tries = 1000)
  void everyLongPrintsBackExactly(@ForAll long value) {
    long[] destination = new long[1];
    assertThat(IntegerText.tryParse(Long.toString(value), destination, 0)).isTrue();
    assertThat(destination[0]).isEqualTo(value);
  }
}
