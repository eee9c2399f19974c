package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StringCodecTest {

  @Property(tries = 300)
  void plainRoundTrips(@ForAll @Size(max = 100) List<@From("text") String> values) {
    String[] array = values.toArray(String[]::new);
    ByteSink sink = new ByteSink(16);
    StringCodec.writePlain(array, array.length, sink, new ByteSink(16));
    String[] decoded = new String[array.length];
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    StringCodec.readPlain(source, decoded, array.length);
    assertThat(decoded).containsExactly(array);
    assertThat(source.remaining()).isZero();
  }

  @Property(tries = 300)
  void dictionaryRoundTrips(@ForAll @Size(max = 100) List<@From("text") String> values) {
    assertThat(dictionaryRoundTrip(values.toArray(String[]::new)))
        .containsExactlyElementsOf(values);
  }

  @Provide
  Arbitrary<String> text() {
    return TestText.unicode(30);
  }

  @Test
  void indexWidthGrowsWithTheDictionary() {
    assertThat(StringCodec.indexWidth(1)).isZero();
    assertThat(StringCodec.indexWidth(2)).isEqualTo(1);
    assertThat(StringCodec.indexWidth(256)).isEqualTo(1);
    assertThat(StringCodec.indexWidth(257)).isEqualTo(2);
    assertThat(StringCodec.indexWidth(65_536)).isEqualTo(2);
  }

  @Test
  void dictionaryOfManyEntriesUsesTwoByteIndexes() {
    String[] values = new String[3000];
    for (int i = 0; i < values.length; i++) {
      values[i] = "user-" + (i % 1000);
    }
    assertThat(dictionaryRoundTrip(values)).containsExactly(values);
  }

  @Test
  void singleEntryDictionaryStoresNoIndexes() {
    String[] values = new String[1000];
    java.util.Arrays.fill(values, "info");
    ByteSink sink = new ByteSink(16);
    StringDictionary dictionary = new StringDictionary();
    dictionary.reset(256);
    int[] indexes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      indexes[i] = dictionary.idOf(values[i]);
    }
    StringCodec.writeDictionary(dictionary, indexes, values.length, sink);
    assertThat(sink.size()).isEqualTo(1 + 1 + 4);
    assertThat(dictionaryRoundTrip(values)).containsExactly(values);
  }

  @Test
  void indexBeyondTheDictionaryIsMalformed() {
    ByteSink sink = new ByteSink(16);
    sink.writeVarLong(2);
    sink.writeString("a");
    sink.writeString("b");
    sink.writeByte(2);
    String[] decoded = new String[1];
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    assertThatThrownBy(() -> StringCodec.readDictionary(source, decoded, 1))
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("dictionary index 2 of 2");
  }

  @Test
  void lengthsBeyondTheTextAreMalformed() {
    ByteSink sink = new ByteSink(16);
    sink.writeVarLong(50);
    sink.writeBytes(new byte[] {'a', 'b'}, 0, 2);
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    assertThatThrownBy(() -> StringCodec.readPlain(source, new String[1], 1))
        .isInstanceOf(MalformedPartException.class);
  }

  private static String[] dictionaryRoundTrip(String[] values) {
    StringDictionary dictionary = new StringDictionary();
    dictionary.reset(PartFormat.DICTIONARY_MAX_ENTRIES);
    int[] indexes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      indexes[i] = dictionary.idOf(values[i]);
    }
    ByteSink sink = new ByteSink(16);
    StringCodec.writeDictionary(dictionary, indexes, values.length, sink);
    String[] decoded = new String[values.length];
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    StringCodec.readDictionary(source, decoded, values.length);
    assertThat(source.remaining()).isZero();
    return decoded;
  }
}
