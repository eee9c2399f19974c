package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteArrayWriterTest {

  /** Any UTF-16 text, unpaired surrogates included: the bytes must be the JDK's, '?' and all. */
  @Property(tries = 500)
  void writesStringsExactlyAsTheJdkEncodesThem(
      @ForAll @CharRange(from = '\u0000', to = '\uffff') @StringLength(max = 200) String text) {
    ByteArrayWriter writer = new ByteArrayWriter(1);
    writer.writeString(text);
    byte[] expected = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayWriter lengthOnly = new ByteArrayWriter(1);
    lengthOnly.writeVarint(expected.length);
    byte[] written = Arrays.copyOf(writer.array(), writer.length());
    assertThat(Arrays.copyOfRange(written, lengthOnly.length(), written.length))
        .isEqualTo(expected);
    assertThat(ByteArrayWriter.utf8Length(text)).isEqualTo(expected.length);
  }

  @Test
  void encodesEachUtf8WidthAndSurrogateCase() {
    for (String text : new String[] {"a", "é", "✓", "😀", "\ud83d", "\ude00x", "x\ud83d"}) {
      ByteArrayWriter writer = new ByteArrayWriter(1);
      writer.writeString(text);
      byte[] expected = text.getBytes(StandardCharsets.UTF_8);
      assertThat(Arrays.copyOfRange(writer.array(), 1, writer.length()))
          .as(text)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "300, ac02",
    "16384, 808001",
    "-1, ffffffffffffffffff01",
  })
  void writesVarintsAsUnsignedLeb128(long value, String hex) {
    ByteArrayWriter writer = new ByteArrayWriter(1);
    writer.writeVarint(value);
    assertThat(HexFormat.of().formatHex(writer.array(), 0, writer.length())).isEqualTo(hex);
  }

  @ParameterizedTest
  @CsvSource({"0, 00", "-1, 01", "1, 02", "-2, 03", "63, 7e", "-64, 7f", "64, 8001"})
  void writesSmallSignedNumbersInFewBytes(long value, String hex) {
    ByteArrayWriter writer = new ByteArrayWriter(1);
    writer.writeZigZag(value);
    assertThat(HexFormat.of().formatHex(writer.array(), 0, writer.length())).isEqualTo(hex);
  }

  @Test
  void writesFixedWidthIntegersBigEndianAndPatchesThem() {
    ByteArrayWriter writer = new ByteArrayWriter(1);
    writer.writeInt(0x01020304);
    writer.writeLong(0x05060708090A0B0CL);
    writer.putInt(0, 0xA0B0C0D0);
    assertThat(HexFormat.of().formatHex(writer.array(), 0, writer.length()))
        .isEqualTo("a0b0c0d005060708090a0b0c");
  }

  @Test
  void growsAndResets() {
    ByteArrayWriter writer = new ByteArrayWriter(2);
    byte[] bytes = new byte[1000];
    Arrays.fill(bytes, (byte) 7);
    writer.writeBytes(bytes, 0, bytes.length);
    writer.writeByte(9);
    assertThat(writer.length()).isEqualTo(1001);
    assertThat(writer.capacity()).isGreaterThanOrEqualTo(1001);
    assertThat(writer.array()[1000]).isEqualTo((byte) 9);
    writer.reset();
    assertThat(writer.length()).isZero();
  }

  @Test
  void advanceRefusesToPassTheCapacity() {
    ByteArrayWriter writer = new ByteArrayWriter(4);
    writer.advance(4);
    assertThatThrownBy(() -> writer.advance(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteArrayWriter(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
