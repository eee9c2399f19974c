package dev.loupe.storage.part;

/**
 * The body of {@link PartFileNames#METADATA}: fixed-size, little-endian.
 *
 * <pre>
 * rows i64 | blocks i32 | min time i64 | max time i64 | WAL position i64 |
 * uncompressed bytes i64 | data file bytes i64 | index file bytes i64
 * </pre>
 *
 * The sizes of the other two files let {@link Part#open} catch a truncated or swapped file before
 * reading it, and make {@link PartInfo#bytesOnDisk} exact without listing the directory.
 */
record PartMetadata(
    long rows,
    int blocks,
    long minTimeNanos,
    long maxTimeNanos,
    long walPosition,
    long uncompressedBytes,
    long dataFileBytes,
    long indexFileBytes) {

  static final int BODY_BYTES = 8 + 4 + 8 * 6;

  /** The metadata file's own size: fixed, so the writer knows it before writing it. */
  static final int FILE_BYTES = PartFormat.HEADER_BYTES + BODY_BYTES + PartFormat.FOOTER_BYTES;

  void writeTo(ByteSink sink) {
    sink.writeLongLittleEndian(rows);
    sink.writeIntLittleEndian(blocks);
    sink.writeLongLittleEndian(minTimeNanos);
    sink.writeLongLittleEndian(maxTimeNanos);
    sink.writeLongLittleEndian(walPosition);
    sink.writeLongLittleEndian(uncompressedBytes);
    sink.writeLongLittleEndian(dataFileBytes);
    sink.writeLongLittleEndian(indexFileBytes);
  }

  static PartMetadata readFrom(ByteSource source) {
    if (source.remaining() != BODY_BYTES) {
      throw new MalformedPartException(
          "metadata body is " + source.remaining() + " bytes, expected " + BODY_BYTES);
    }
    PartMetadata metadata =
        new PartMetadata(
            source.readLongLittleEndian(),
            source.readIntLittleEndian(),
            source.readLongLittleEndian(),
            source.readLongLittleEndian(),
            source.readLongLittleEndian(),
            source.readLongLittleEndian(),
            source.readLongLittleEndian(),
            source.readLongLittleEndian());
    metadata.check();
    return metadata;
  }

  private void check() {
    if (rows < 0 || blocks < 0 || blocks > rows || dataFileBytes < 0 || indexFileBytes < 0) {
      throw new MalformedPartException("metadata holds impossible counts: " + this);
    }
    if (rows > 0 && minTimeNanos > maxTimeNanos) {
      throw new MalformedPartException("metadata time range is reversed: " + this);
    }
  }

  PartInfo toInfo() {
    return new PartInfo(
        PartFormat.VERSION,
        rows,
        blocks,
        minTimeNanos,
        maxTimeNanos,
        dataFileBytes + indexFileBytes + FILE_BYTES,
        walPosition,
        uncompressedBytes);
  }
}
