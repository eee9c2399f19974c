package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiBufferTest {
  @ParameterizedTest(name = "{0} is written as {1}")
  @CsvSource({
    "0, 0",
    "7, 7",
    "10, 10",
    "-42, -42",
    "1234567890123, 1234567890123",
    "9223372036854775807, 9223372036854775807",
    "-9223372036854775808, -9223372036854775808"
  })
  void writesDecimals(long value, String expected) {
    assertThat(new AsciiBuffer(1).append(value).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} padded to {1} is {2}")
  @CsvSource({
    "0, 2, 00",
    "5, 3, 005",
    "123, 2, 123",
    "123456789, 9, 123456789",
    "42, 9, 000000042"
  })
  void padsWithZeros(long value, int width, String expected) {
    assertThat(new AsciiBuffer(1).appendPadded(value, width).toString()).isEqualTo(expected);
  }

  @Test
  void writesHexInBothCases() {
    AsciiBuffer buffer = new AsciiBuffer(4);
    buffer
        .appendHex(0xabcdef, 8)
        .append(' ')
        .appendUpperHex(0xabcdef, 6)
        .append(' ')
        .appendHex(-1, 16);

    assertThat(buffer.toString()).isEqualTo("00abcdef ABCDEF ffffffffffffffff");
  }

  @Test
  void escapesQuotesAndBackslashesForJson() {
    AsciiBuffer source = new AsciiBuffer(8).append("say \"hi\" \\o/");
    AsciiBuffer target = new AsciiBuffer(1).appendJsonEscaped(source, 0, source.length());

    assertThat(target.toString()).isEqualTo("say \\\"hi\\\" \\\\o/");
  }

  @Test
  void growsAndCopiesRanges() {
    AsciiBuffer source = new AsciiBuffer(1).append("x".repeat(1000)).append("tail");
    AsciiBuffer target = new AsciiBuffer(1).append(source, 1000, 1004);

    assertThat(source.length()).isEqualTo(1004);
    assertThat(target.toString()).isEqualTo("tail");
  }

  @Test
  void refusesToGrowBySetLength() {
    AsciiBuffer buffer = new AsciiBuffer(8).append("abc");

    buffer.setLength(1);

    assertThat(buffer.toString()).isEqualTo("a");
    assertThatThrownBy(() -> buffer.setLength(2)).isInstanceOf(IllegalArgumentException.class);
  }
}
