package dev.loupe.storage.part;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a column of strings.
 *
 * <p><b>What.</b> Two layouts:
 *
 * <ul>
 *   <li><b>plain</b> ({@link ColumnEncoding#STRING_PLAIN}): every value's UTF-8 length as a varint,
 *       then all the bytes. Lengths and text are kept apart so that zstd sees a run of small
 *       similar numbers and then uninterrupted text; interleaving them costs ratio.
 *   <li><b>dictionary</b> ({@link ColumnEncoding#STRING_DICTIONARY}): the distinct values once (in
 *       order of first appearance, as plain strings), then one index per value: 0 bytes when there
 *       is a single entry, 1 byte up to 256 entries, 2 bytes (little-endian) up to 65 536.
 * </ul>
 *
 * <p><b>Why.</b> zstd alone already finds the repeats of a low-cardinality column, so a dictionary
 * saves bytes only modestly; its real gains are at read time: one String per distinct value instead
 * of one per row, and a filter evaluated once per entry. High-cardinality text (messages) gains
 * nothing from a dictionary and is left plain for zstd.
 *
 * <p><b>Trade-off.</b> Deciding needs a hash lookup per value at write time; the writer stops
 * counting as soon as the distinct values exceed the limit ({@link PartFormat}).
 *
 * <p>Stateless; thread-safe.
 */
final class StringCodec {
  private StringCodec() {}

  /**
   * Appends {@code values[0, count)} plain; {@code scratch} is a reused buffer for the text bytes.
   */
  static void writePlain(String[] values, int count, ByteSink sink, ByteSink scratch) {
    scratch.clear();
    for (int i = 0; i < count; i++) {
      byte[] bytes = values[i].getBytes(StandardCharsets.UTF_8);
      sink.writeVarLong(bytes.length);
      scratch.writeBytes(bytes, 0, bytes.length);
    }
    sink.writeBytes(scratch.array(), 0, scratch.size());
  }

  static void readPlain(ByteSource source, String[] destination, int count) {
    int lengthsStart = source.position();
    long totalBytes = 0;
    for (int i = 0; i < count; i++) {
      totalBytes += source.readVarInt("string length", source.remaining());
    }
    if (totalBytes > source.remaining()) {
      throw new MalformedPartException(
          "strings need " + totalBytes + " bytes but " + source.remaining() + " remain");
    }
    byte[] data = source.array();
    int textOffset = source.position();
    ByteSource lengths = new ByteSource(data, lengthsStart, textOffset - lengthsStart);
    for (int i = 0; i < count; i++) {
      int length = (int) lengths.readVarLong();
      destination[i] =
          length == 0 ? "" : new String(data, textOffset, length, StandardCharsets.UTF_8);
      textOffset += length;
    }
    source.skip((int) totalBytes);
  }

  /** Appends the entries of {@code dictionary}, then {@code indexes[0, count)}. */
  static void writeDictionary(
      StringDictionary dictionary, int[] indexes, int count, ByteSink sink) {
    int entries = dictionary.size();
    sink.writeVarLong(entries);
    for (int id = 0; id < entries; id++) {
      sink.writeString(dictionary.entry(id));
    }
    int width = indexWidth(entries);
    sink.ensureCapacity(count * width);
    for (int i = 0; i < count; i++) {
      if (width == 1) {
        sink.writeByte(indexes[i]);
      } else if (width == 2) {
        sink.writeByte(indexes[i]);
        sink.writeByte(indexes[i] >>> 8);
      }
    }
  }

  static void readDictionary(ByteSource source, String[] destination, int count) {
    int entryCount =
        source.readVarInt(
            "dictionary size", Math.min(PartFormat.DICTIONARY_MAX_ENTRIES, source.remaining()));
    if (entryCount == 0 && count > 0) {
      throw new MalformedPartException("empty dictionary for " + count + " values");
    }
    String[] entries = new String[entryCount];
    for (int id = 0; id < entryCount; id++) {
      entries[id] = source.readString("dictionary entry");
    }
    int width = indexWidth(entryCount);
    source.require(count * width);
    for (int i = 0; i < count; i++) {
      int index = width == 0 ? 0 : source.readUnsignedByte();
      if (width == 2) {
        index |= source.readUnsignedByte() << 8;
      }
      if (index >= entryCount) {
        throw new MalformedPartException("dictionary index " + index + " of " + entryCount);
      }
      destination[i] = entries[index];
    }
  }

  /** Bytes per index: none for a single entry, else the fewest that hold every index. */
  static int indexWidth(int entries) {
    if (entries <= 1) {
      return 0;
    }
    return entries <= 256 ? 1 : 2;
  }
}
