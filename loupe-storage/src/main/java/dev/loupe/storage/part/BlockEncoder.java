package dev.loupe.storage.part;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.loupe.core.FieldNames;
import dev.loupe.core.Tokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Turns the rows of a {@link BlockBuffer} into column chunks: picks each column's encoding from its
 * values, builds its bloom filter, compresses it and appends it to the data file. Owns every
 * scratch buffer, so encoding a block allocates little beyond the chunks' bloom words. One per
 * writer; not thread-safe.
 */
final class BlockEncoder implements AutoCloseable {
  /**
   * Chunks smaller than this are stored raw: a zstd frame costs 9 or more bytes of headers, and so
   * little input rarely wins them back, while each call crosses JNI.
   */
  private static final int MIN_COMPRESSED_INPUT_BYTES = 64;

  private static final Comparator<BlockBuffer.FieldColumn> BY_NAME =
      Comparator.comparing(column -> column.name);

  private final ZstdCompressCtx zstd;
  private final ByteSink raw = new ByteSink(1 << 16);
  private final ByteSink scratch = new ByteSink(1 << 16);
  private final LongHashSet tokens = new LongHashSet();
  private final LongHashSet distinctIntegers = new LongHashSet();
  private final StringDictionary dictionary = new StringDictionary();
  private final CRC32C crc = new CRC32C();
  private final List<BlockBuffer.FieldColumn> sortedColumns = new ArrayList<>();
  private byte[] compressed = new byte[1 << 16];
  private long[] integers = new long[64];
  private int[] indexes = new int[64];
  private final DecimalDigits digits = new DecimalDigits();

  BlockEncoder(int zstdLevel) {
    zstd = new ZstdCompressCtx();
    zstd.setLevel(zstdLevel);
  }

  /** Writes the chunks of {@code buffer}: {@code _time}, {@code _msg}, then fields by name. */
  List<EncodedColumn> encode(BlockBuffer buffer, DataFileWriter data) {
    int rowCount = buffer.rowCount();
    List<EncodedColumn> columns = new ArrayList<>(buffer.activeColumns().size() + 2);
    columns.add(encodeTime(buffer.times(), rowCount, data));
    columns.add(
        encodeStrings(FieldNames.MESSAGE, buffer.messages(), null, rowCount, rowCount, data));
    sortedColumns.clear();
    sortedColumns.addAll(buffer.activeColumns());
    sortedColumns.sort(BY_NAME);
    for (BlockBuffer.FieldColumn column : sortedColumns) {
      columns.add(
          encodeStrings(column.name, column.values, column.rows, column.count, rowCount, data));
    }
    sortedColumns.clear();
    return columns;
  }

  private EncodedColumn encodeTime(long[] times, int rowCount, DataFileWriter data) {
    raw.clear();
    ColumnEncoding encoding = LongCodec.encode(times, rowCount, raw);
    return store(FieldNames.TIME, encoding, 0, rowCount, 0, 0, new long[0], data);
  }

  /**
   * One column: {@code values[0, count)} in rows {@code rows[0, count)}, or in every row when
   * {@code rows} is null.
   */
  private EncodedColumn encodeStrings(
      String name, String[] values, int[] rows, int count, int rowCount, DataFileWriter data) {
    raw.clear();
    if (count < rowCount) {
      PresenceBitmap.write(rows, count, rowCount, raw);
    }
    if (parseIntegers(values, count)) {
      return encodeIntegers(name, values, count, data);
    }
    if (buildDictionary(values, count)) {
      StringCodec.writeDictionary(dictionary, indexes, count, raw);
      long[] bloom = bloomOfDictionary();
      return store(name, ColumnEncoding.STRING_DICTIONARY, 0, count, 0, 0, bloom, data);
    }
    StringCodec.writePlain(values, count, raw, scratch);
    long[] bloom = bloomOf(values, count);
    return store(name, ColumnEncoding.STRING_PLAIN, 0, count, 0, 0, bloom, data);
  }

  private EncodedColumn encodeIntegers(
      String name, String[] values, int count, DataFileWriter data) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, integers[i]);
      max = Math.max(max, integers[i]);
    }
    ColumnEncoding encoding = LongCodec.encode(integers, count, raw);
    long[] bloom = bloomOfIntegers(count);
    return store(name, encoding, PartFormat.FLAG_INTEGER_RANGE, count, min, max, bloom, data);
  }

  /** True, with the values in {@link #integers}, when every value is a canonical long. */
  private boolean parseIntegers(String[] values, int count) {
    if (integers.length < count) {
      integers = new long[Math.max(count, integers.length * 2)];
    }
    for (int i = 0; i < count; i++) {
      if (!IntegerText.tryParse(values[i], integers, i)) {
        return false;
      }
    }
    return count > 0;
  }

  /** True, with ids in {@link #indexes}, when the values have few enough distinct ones. */
  private boolean buildDictionary(String[] values, int count) {
    int limit =
        Math.min(
            count / PartFormat.DICTIONARY_MIN_REPEATS,
            Math.min(
                PartFormat.DICTIONARY_MAX_ENTRIES,
                Math.max(
                    PartFormat.DICTIONARY_SMALL_ENTRIES,
                    count / PartFormat.DICTIONARY_VALUES_PER_ENTRY)));
    dictionary.reset(limit);
    if (indexes.length < count) {
      indexes = new int[Math.max(count, indexes.length * 2)];
    }
    for (int i = 0; i < count; i++) {
      int id = dictionary.idOf(values[i]);
      if (id < 0) {
        return false;
      }
      indexes[i] = id;
    }
    return true;
  }

  private long[] bloomOf(String[] values, int count) {
    tokens.clear();
    for (int i = 0; i < count; i++) {
      Tokens.forEachHash(values[i], tokens);
    }
    return bloomOfTokens();
  }

  /**
   * Integers repeat a lot (status codes, durations) and their text is their value's, so only the
   * distinct values are tokenized.
   */
  private long[] bloomOfIntegers(int count) {
    distinctIntegers.clear();
    for (int i = 0; i < count; i++) {
      distinctIntegers.add(integers[i]);
    }
    tokens.clear();
    distinctIntegers.forEach(value -> tokens.add(integerTokenHash(value)));
    return bloomOfTokens();
  }

  /**
   * The hash of the one token of {@code Long.toString(value)} (its digits; a minus sign is no token
   * character), without allocating the string.
   */
  long integerTokenHash(long value) {
    if (value == Long.MIN_VALUE) {
      return Tokens.hash(Long.toString(value).substring(1));
    }
    digits.setDigitsOf(Math.abs(value));
    return Tokens.hash(digits);
  }

  private long[] bloomOfDictionary() {
    tokens.clear();
    for (int id = 0; id < dictionary.size(); id++) {
      Tokens.forEachHash(dictionary.entry(id), tokens);
    }
    return bloomOfTokens();
  }

  private long[] bloomOfTokens() {
    long[] bloom = new long[BloomFilter.wordsFor(tokens.size())];
    if (bloom.length > 0) {
      tokens.forEach(hash -> BloomFilter.add(bloom, PartFormat.BLOOM_HASH_COUNT, hash));
    }
    return bloom;
  }

  /** Compresses {@link #raw} when that pays, appends it to the data file, describes it. */
  private EncodedColumn store(
      String name,
      ColumnEncoding encoding,
      int flags,
      int presentCount,
      long integerMin,
      long integerMax,
      long[] bloom,
      DataFileWriter data) {
    byte[] stored = raw.array();
    int storedLength = raw.size();
    int storedFlags = flags;
    int compressedLength = compress();
    if (compressedLength > 0 && compressedLength < storedLength) {
      stored = compressed;
      storedLength = compressedLength;
      storedFlags |= PartFormat.FLAG_ZSTD;
    }
    crc.reset();
    crc.update(stored, 0, storedLength);
    long offset = data.position();
    data.write(stored, 0, storedLength);
    return new EncodedColumn(
        name,
        encoding,
        storedFlags,
        presentCount,
        offset,
        storedLength,
        raw.size(),
        (int) crc.getValue(),
        integerMin,
        integerMax,
        bloom);
  }

  /** Compresses {@link #raw} into {@link #compressed}; 0 when not worth trying. */
  private int compress() {
    if (raw.size() < MIN_COMPRESSED_INPUT_BYTES) {
      return 0;
    }
    int bound = (int) Zstd.compressBound(raw.size());
    if (compressed.length < bound) {
      compressed = new byte[Math.max(bound, compressed.length * 2)];
    }
    return zstd.compressByteArray(compressed, 0, compressed.length, raw.array(), 0, raw.size());
  }

  @Override
  public void close() {
    zstd.close();
  }

  /** The decimal digits of a non-negative long, reused as the text {@link Tokens#hash} reads. */
  private static final class DecimalDigits implements CharSequence {
    private final char[] characters = new char[19];
    private int start;

    void setDigitsOf(long nonNegative) {
      long remaining = nonNegative;
      start = characters.length;
      do {
        characters[--start] = (char) ('0' + remaining % 10);
        remaining /= 10;
      } while (remaining != 0);
    }

    @Override
    public int length() {
      return characters.length - start;
    }

    @Override
    public char charAt(int index) {
      return characters[start + index];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new String(characters, start + from, to - from);
    }

    @Override
    public String toString() {
      return new String(characters, start, length());
    }
  }
}
