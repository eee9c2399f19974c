package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteArrayReaderTest {

  @Property(tries = 500)
  void readsBackWhatTheWriterWrote(
      @ForAll long varint,
      @ForAll long zigZag,
      @ForAll long fixed,
      @ForAll @CharRange(from = 'a', to = 'z') @CharRange(from = 'À', to = 'ɏ') String text) {
    ByteArrayWriter writer = new ByteArrayWriter(1);
    writer.writeByte(0xAB);
    writer.writeVarint(varint);
    writer.writeZigZag(zigZag);
    writer.writeLong(fixed);
    writer.writeString(text);
    ByteArrayReader reader = new ByteArrayReader(writer.array(), 0, writer.length());
    assertThat(reader.readByte()).isEqualTo(0xAB);
    assertThat(reader.readVarint()).isEqualTo(varint);
    assertThat(reader.readZigZag()).isEqualTo(zigZag);
    assertThat(reader.readLong()).isEqualTo(fixed);
    assertThat(reader.readString()).isEqualTo(text);
    assertThat(reader.remaining()).isZero();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "byte   | ''                     | a byte runs past the end at byte 0",
        "long   | 01020304               | a 64-bit integer runs past the end",
        "varint | 80                     | a varint runs past the end at byte 1",
        "varint | ffffffffffffffffffff01 | a varint longer than 10 bytes",
        "string | 04616263               | string length 4 cannot fit in the 3 bytes left",
        "count  | 03010203               | count 3 cannot fit in the 3 bytes left",
      })
  void malformedInputIsCorruptData(String read, String hex, String problem) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    ByteArrayReader reader = new ByteArrayReader(bytes, 0, bytes.length);
    assertThatThrownBy(
            () -> {
              switch (read) {
                case "byte" -> reader.readByte();
                case "long" -> reader.readLong();
                case "varint" -> reader.readVarint();
                case "string" -> reader.readString();
                case "count" -> reader.readCount(2, "count");
                default -> throw new IllegalArgumentException(read);
              }
            })
        .isInstanceOfSatisfying(
            LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining(problem);
  }
}
