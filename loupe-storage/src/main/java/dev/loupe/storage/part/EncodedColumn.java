package dev.loupe.storage.part;

/**
 * What the index records of one column chunk the writer has just written.
 *
 * @param name column name
 * @param encoding layout of the values before compression
 * @param flags {@link PartFormat#FLAG_ZSTD}, {@link PartFormat#FLAG_INTEGER_RANGE}
 * @param presentCount rows that have a value
 * @param offset position of the chunk in the data file
 * @param storedLength bytes in the data file
 * @param rawLength bytes after decompression
 * @param checksum CRC32C of the stored bytes
 * @param integerMin smallest value, when {@code flags} has the integer range
 * @param integerMax largest value, likewise
 * @param bloom bloom filter words of the column's tokens
 */
record EncodedColumn(
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
    long[] bloom) {}
