package dev.loupe.storage.part;

/**
 * Decodes one raw (decompressed) column chunk into an array with one element per row of the block:
 * {@code long[]} for {@code _time}, {@code String[]} with null for absent rows otherwise. Integer
 * columns are printed back with {@link Long#toString}, which gives the written text since only
 * canonical integers are stored as such ({@link IntegerText}). Stateless; thread-safe.
 */
final class ColumnDecoder {
  private ColumnDecoder() {}

  static long[] decodeTimes(ColumnChunk chunk, ByteSource source, int rowCount) {
    long[] times = new long[rowCount];
    LongCodec.decode(chunk.encoding(), source, times, rowCount);
    requireConsumed(source);
    for (int row = 1; row < rowCount; row++) {
      if (times[row] < times[row - 1]) {
        throw new MalformedPartException("times are not sorted at row " + row);
      }
    }
    return times;
  }

  static String[] decodeStrings(ColumnChunk chunk, ByteSource source, int rowCount) {
    int presentCount = chunk.presentCount();
    int bitmapOffset = -1;
    if (presentCount < rowCount) {
      bitmapOffset = source.position();
      source.skip(PresenceBitmap.bytesFor(rowCount));
    }
    String[] values = new String[rowCount];
    switch (chunk.encoding()) {
      case STRING_PLAIN -> StringCodec.readPlain(source, values, presentCount);
      case STRING_DICTIONARY -> StringCodec.readDictionary(source, values, presentCount);
      default -> decodeIntegers(chunk, source, values, presentCount);
    }
    requireConsumed(source);
    if (bitmapOffset >= 0) {
      PresenceBitmap.scatter(source.array(), bitmapOffset, rowCount, presentCount, values);
    }
    return values;
  }

  private static void decodeIntegers(
      ColumnChunk chunk, ByteSource source, String[] values, int presentCount) {
    long[] integers = new long[presentCount];
    LongCodec.decode(chunk.encoding(), source, integers, presentCount);
    for (int i = 0; i < presentCount; i++) {
      values[i] = Long.toString(integers[i]);
    }
  }

  private static void requireConsumed(ByteSource source) {
    if (source.remaining() != 0) {
      throw new MalformedPartException(source.remaining() + " bytes left over after the values");
    }
  }
}
