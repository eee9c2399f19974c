package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteSourceTest {

  @Property(tries = 500)
  void readsWhatTheSinkWrote(@ForAll long number, @ForAll int small, @ForAll("text") String text) {
    ByteSink sink = new ByteSink(1);
    sink.writeVarLong(number);
    sink.writeZigZag(number);
    sink.writeLongLittleEndian(number);
    sink.writeIntLittleEndian(small);
    sink.writeString(text);
    sink.writeByte(0xAB);
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    assertThat(source.readVarLong()).isEqualTo(number);
    assertThat(source.readZigZag()).isEqualTo(number);
    assertThat(source.readLongLittleEndian()).isEqualTo(number);
    assertThat(source.readIntLittleEndian()).isEqualTo(small);
    assertThat(source.readString("text")).isEqualTo(text);
    assertThat(source.readUnsignedByte()).isEqualTo(0xAB);
    assertThat(source.remaining()).isZero();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> text() {
    return TestText.unicode(20);
  }

  @Property(tries = 200)
  void varLongSizeMatchesTheBytesWritten(@ForAll long number) {
    ByteSink sink = new ByteSink(1);
    sink.writeVarLong(number);
    assertThat(ByteSink.varLongSize(number)).isEqualTo(sink.size());
  }

  @Test
  void readsStopAtTheWindow() {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ByteSource source = new ByteSource(bytes, 2, 4);
    assertThatThrownBy(source::readLongLittleEndian)
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("needs 8 bytes at offset 2 but 4 remain");
  }

  @Test
  void aVarintRunningOffTheEndIsMalformed() {
    byte[] bytes = {(byte) 0x80, (byte) 0x80};
    assertThatThrownBy(() -> new ByteSource(bytes, 0, 2).readVarLong())
        .isInstanceOf(MalformedPartException.class);
  }

  @Test
  void anOverlongVarintIsMalformed() {
    byte[] bytes = new byte[11];
    java.util.Arrays.fill(bytes, (byte) 0x80);
    assertThatThrownBy(() -> new ByteSource(bytes, 0, 11).readVarLong())
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("longer than 10 bytes");
  }

  @Test
  void boundedVarIntRejectsLargeValues() {
    ByteSink sink = new ByteSink(1);
    sink.writeVarLong(1000);
    assertThatThrownBy(() -> new ByteSource(sink.array(), 0, sink.size()).readVarInt("rows", 999))
        .isInstanceOf(MalformedPartException.class)
        .hasMessage("rows 1000 out of range [0, 999]");
  }

  @Test
  void zigZagKeepsSmallNegativesShort() {
    for (long value : List.of(0L, -1L, 1L, -64L, 63L)) {
      assertThat(ByteSink.varLongSize(ByteSink.zigZag(value))).isEqualTo(1);
      assertThat(ByteSink.unZigZag(ByteSink.zigZag(value))).isEqualTo(value);
    }
  }
}
