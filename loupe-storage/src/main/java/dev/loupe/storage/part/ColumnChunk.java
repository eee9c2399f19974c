package dev.loupe.storage.part;

/**
 * The index entry of one column of one block, as {@link Part#open} loads it. Immutable once loaded;
 * nobody writes the bloom words.
 *
 * @param nameId the column's number in the part's name table
 * @param name the column name
 * @param encoding layout of the values
 * @param flags {@link PartFormat#FLAG_ZSTD}, {@link PartFormat#FLAG_INTEGER_RANGE}
 * @param presentCount rows with a value
 * @param offset position of the stored bytes in the data file
 * @param storedLength stored bytes
 * @param rawLength bytes after decompression
 * @param checksum CRC32C of the stored bytes
 * @param integerMin smallest value when the integer range flag is set
 * @param integerMax largest value when the integer range flag is set
 * @param bloom bloom filter words (empty for {@code _time})
 */
record ColumnChunk(
    int nameId,
    String name,
    ColumnEncoding encoding,
    int flags,
    int presentCount,
    long offset,
    int storedLength,
    int rawLength,
    int checksum,
    long integerMin,
    long integerMax,
    long[] bloom) {

  boolean compressed() {
    return (flags & PartFormat.FLAG_ZSTD) != 0;
  }

  boolean hasIntegerRange() {
    return (flags & PartFormat.FLAG_INTEGER_RANGE) != 0;
  }

  long end() {
    return offset + storedLength;
  }
}
