package dev.loupe.storage.part;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams records, already sorted by (stream id, time) ascending ({@link
 * RecordOrder#BY_STREAM_THEN_TIME}), into a new part directory.
 *
 * <p>Writes into {@code directory}, which must not exist yet: it is created (its parent must
 * exist). The engine writes into a temporary name and renames the finished directory; it must then
 * sync the parent directory itself. Buffers at most one block of rows: a new block starts when the
 * stream changes, when {@code blockRows} rows are buffered, or when the buffered text reaches
 * {@link PartFormat#MAX_BLOCK_TEXT_BYTES}.
 *
 * <p>A merge ({@link PartMerger}) may also copy whole blocks of other parts in between: {@link
 * #copyBlock} appends a block's stored chunks byte for byte with its index entry, so the part it
 * ends up in cannot tell it from a block this writer encoded.
 *
 * <p>Call order: {@link #create}, {@link #add} any number of times, {@link #finish} once, and
 * always {@link #close} (try-with-resources): closing an unfinished writer deletes its directory.
 * After a failed {@code add} or {@code finish} with an I/O error the writer only accepts {@code
 * close}; a rejected record ({@link IllegalArgumentException}) leaves it usable.
 *
 * <p>What a reader gets back: every value as written, except that field order within a record
 * becomes name order, and of a name given twice in one record only the first value is kept (as
 * {@link LogRecord#field} does). Text is stored as UTF-8: an unpaired surrogate becomes {@code ?}.
 *
 * <p>One thread at a time; not thread-safe.
 */
public final class PartWriter implements AutoCloseable {
  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    CLOSED
  }

  private final Path directory;
  private final PartWriterOptions options;
  private final DataFileWriter data;
  private final BlockEncoder encoder;
  private final IndexWriter index = new IndexWriter();
  private final BlockBuffer buffer = new BlockBuffer();
  private State state = State.OPEN;
  private Stream currentStream;
  private long lastTimeNanos;
  private long rows;
  private int blocks;
  private long minTimeNanos = Long.MAX_VALUE;
  private long maxTimeNanos = Long.MIN_VALUE;
  private long uncompressedBytes;
  private int copiedBlocks;
  private byte[] copyBuffer = new byte[0];

  private PartWriter(Path directory, PartWriterOptions options, DataFileWriter data) {
    this.directory = directory;
    this.options = options;
    this.data = data;
    this.encoder = new BlockEncoder(options.zstdLevel());
  }

  /**
   * Creates {@code directory} and the part's data file in it.
   *
   * @throws IllegalArgumentException when {@code directory} already exists
   * @throws dev.loupe.core.LoupeException {@code INTERNAL} or {@code INSUFFICIENT_STORAGE} on I/O
   *     failure
   */
  public static PartWriter create(Path directory, PartWriterOptions options) {
    requireNonNull(directory, "directory is null");
    requireNonNull(options, "options is null");
    try {
      Files.createDirectory(directory);
    } catch (FileAlreadyExistsException exists) {
      throw new IllegalArgumentException(
          "part directory already exists: " + directory + "; write each part into a new directory");
    } catch (IOException failure) {
      throw PartIo.failure("create part directory", directory, failure);
    }
    try {
      return new PartWriter(
          directory, options, DataFileWriter.create(directory.resolve(PartFileNames.DATA)));
    } catch (RuntimeException failure) {
      PartIo.deleteQuietly(directory);
      throw failure;
    }
  }

  /**
   * Adds one record.
   *
   * @throws IllegalArgumentException when the record sorts before the previous one, or has a field
   *     named like a built-in column ({@code _time}, {@code _msg}, {@code _stream}, {@code
   *     _stream_id}, {@code _tenant}); the record is not added and the writer stays usable
   */
  public void add(LogRecord record) {
    requireNonNull(record, "record is null");
    requireState(State.OPEN);
    checkOrder(record);
    checkFieldNames(record.fields());
    boolean newStream = currentStream == null || !sameStream(record.stream(), currentStream);
    if (buffer.rowCount() > 0
        && (newStream
            || buffer.rowCount() >= options.blockRows()
            || buffer.textBytes() >= PartFormat.MAX_BLOCK_TEXT_BYTES)) {
      flushBlock();
    }
    buffer.add(record);
    currentStream = record.stream();
    lastTimeNanos = record.timeNanos();
  }

  /**
   * Flushes the last block, writes the index and the metadata, and forces every file and the
   * directory to disk. A part without records is valid (no blocks, times 0).
   *
   * @param walPosition stored in the metadata: the WAL position every record up to which is now in
   *     parts
   * @return the summary also stored in the metadata file
   */
  public PartInfo finish(long walPosition) {
    if (copiedBlocks > 0) {
      throw new IllegalStateException(
          "part writer for "
              + directory
              + " copied blocks, whose text size it does not know; finish it with the merged"
              + " parts' total uncompressed bytes");
    }
    return finish(walPosition, -1);
  }

  /**
   * {@link #finish} for a merge that copied blocks: the index does not hold a block's text size, so
   * the merge passes its inputs' total, which the output keeps exactly (see {@link PartInfo}).
   *
   * @param totalUncompressedBytes the merged parts' uncompressed bytes; -1 for what the writer
   *     counted itself (every block added row by row)
   */
  PartInfo finish(long walPosition, long totalUncompressedBytes) {
    requireState(State.OPEN);
    try {
      if (buffer.rowCount() > 0) {
        flushBlock();
      }
      if (totalUncompressedBytes >= 0) {
        useUncompressedBytes(totalUncompressedBytes);
      }
      long dataFileBytes = data.finish();
      long indexFileBytes =
          PartIo.writeFile(directory.resolve(PartFileNames.INDEX), index.toFilePieces());
      PartMetadata metadata = metadata(walPosition, dataFileBytes, indexFileBytes);
      ByteSink body = new ByteSink(PartMetadata.BODY_BYTES);
      metadata.writeTo(body);
      byte[] metadataFile = FileEnvelope.wrap(PartFormat.KIND_METADATA, body);
      PartIo.writeFile(directory.resolve(PartFileNames.METADATA), metadataFile);
      PartIo.syncDirectory(directory);
      state = State.FINISHED;
      encoder.close();
      return metadata.toInfo();
    } catch (RuntimeException failure) {
      state = State.FAILED;
      throw failure;
    }
  }

  /**
   * Appends block {@code source} of another part as it is: its stored chunks byte for byte (each
   * checked against its CRC32C first), its index entry with the new offsets, and names and stream
   * renumbered for this part. Rows buffered so far become a block first, so they must sort before
   * the copied block, and records added next must sort after it.
   *
   * <p>The caller must make sure the block fits this part: at most {@code blockRows} rows, bloom
   * filters with {@link PartFormat#BLOOM_HASH_COUNT} probes. After a copy, finish with {@link
   * #finish(long, long)}.
   *
   * @throws IllegalArgumentException when the block sorts before what was written last
   * @throws dev.loupe.core.LoupeException {@code CORRUPT_DATA} when a chunk of {@code source} fails
   *     its checksum (nothing of the block was written; the writer stays usable); {@code INTERNAL}
   *     on I/O failure (the writer then only accepts {@code close})
   */
  void copyBlock(PartBlockRef source) {
    requireNonNull(source, "source is null");
    requireState(State.OPEN);
    PartIndex.BlockHeader header = source.header();
    checkCopyOrder(header);
    if (buffer.rowCount() > 0) {
      flushBlock();
    }
    long storedBytes = header.storedBytes();
    if (copyBuffer.length < storedBytes) {
      copyBuffer = new byte[(int) Math.max(storedBytes, copyBuffer.length * 2L)];
    }
    source.part().readStoredChunks(header, copyBuffer);
    try {
      List<EncodedColumn> columns = new ArrayList<>(header.chunks().length);
      int chunkStart = 0;
      for (ColumnChunk chunk : header.chunks()) {
        columns.add(relocated(chunk, data.position()));
        data.write(copyBuffer, chunkStart, chunk.storedLength());
        chunkStart += chunk.storedLength();
      }
      index.addBlock(
          header.stream().stream(),
          header.minTimeNanos(),
          header.maxTimeNanos(),
          header.rowCount(),
          columns);
    } catch (RuntimeException failure) {
      state = State.FAILED;
      throw failure;
    }
    rows += header.rowCount();
    blocks++;
    copiedBlocks++;
    minTimeNanos = Math.min(minTimeNanos, header.minTimeNanos());
    maxTimeNanos = Math.max(maxTimeNanos, header.maxTimeNanos());
    currentStream = header.stream().stream();
    lastTimeNanos = header.maxTimeNanos();
  }

  private static EncodedColumn relocated(ColumnChunk chunk, long offset) {
    return new EncodedColumn(
        chunk.name(),
        chunk.encoding(),
        chunk.flags(),
        chunk.presentCount(),
        offset,
        chunk.storedLength(),
        chunk.rawLength(),
        chunk.checksum(),
        chunk.integerMin(),
        chunk.integerMax(),
        chunk.bloom());
  }

  private void checkCopyOrder(PartIndex.BlockHeader header) {
    if (currentStream == null) {
      return;
    }
    Stream stream = header.stream().stream();
    boolean before =
        sameStream(stream, currentStream)
            ? header.minTimeNanos() < lastTimeNanos
            : stream.id().compareTo(currentStream.id()) < 0;
    if (before) {
      throw new IllegalArgumentException(
          "block out of order: stream "
              + stream.canonicalLabels()
              + " from time "
              + header.minTimeNanos()
              + " after time "
              + lastTimeNanos
              + " of stream "
              + currentStream.canonicalLabels()
              + "; copy blocks and add records in (stream, time) order");
    }
  }

  private void useUncompressedBytes(long totalUncompressedBytes) {
    if (totalUncompressedBytes < uncompressedBytes) {
      throw new IllegalArgumentException(
          "merged parts hold "
              + totalUncompressedBytes
              + " uncompressed bytes, fewer than the "
              + uncompressedBytes
              + " of the rows added one by one");
    }
    uncompressedBytes = totalUncompressedBytes;
  }

  /** Abandons an unfinished part (deletes its directory); after {@link #finish}, does nothing. */
  @Override
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    if (state != State.FINISHED) {
      data.close();
      encoder.close();
      PartIo.deleteQuietly(directory);
    }
    state = State.CLOSED;
  }

  private PartMetadata metadata(long walPosition, long dataFileBytes, long indexFileBytes) {
    boolean empty = rows == 0;
    return new PartMetadata(
        rows,
        blocks,
        empty ? 0 : minTimeNanos,
        empty ? 0 : maxTimeNanos,
        walPosition,
        uncompressedBytes,
        dataFileBytes,
        indexFileBytes);
  }

  private void flushBlock() {
    int rowCount = buffer.rowCount();
    long[] times = buffer.times();
    try {
      List<EncodedColumn> columns = encoder.encode(buffer, data);
      index.addBlock(buffer.stream(), times[0], times[rowCount - 1], rowCount, columns);
    } catch (RuntimeException failure) {
      state = State.FAILED;
      throw failure;
    }
    rows += rowCount;
    blocks++;
    minTimeNanos = Math.min(minTimeNanos, times[0]);
    maxTimeNanos = Math.max(maxTimeNanos, times[rowCount - 1]);
    uncompressedBytes += buffer.textBytes();
    buffer.clear();
  }

  private void checkOrder(LogRecord record) {
    if (currentStream == null) {
      return;
    }
    Stream stream = record.stream();
    if (sameStream(stream, currentStream)) {
      if (record.timeNanos() < lastTimeNanos) {
        throw new IllegalArgumentException(
            "record out of order: time "
                + record.timeNanos()
                + " after "
                + lastTimeNanos
                + " in stream "
                + stream.canonicalLabels()
                + "; sort records with RecordOrder.BY_STREAM_THEN_TIME");
      }
    } else if (stream.id().compareTo(currentStream.id()) < 0) {
      throw new IllegalArgumentException(
          "record out of order: stream "
              + stream.id()
              + " after stream "
              + currentStream.id()
              + "; sort records with RecordOrder.BY_STREAM_THEN_TIME");
    }
  }

  private static boolean sameStream(Stream first, Stream second) {
    return first == second || first.id().equals(second.id());
  }

  private static void checkFieldNames(List<Field> fields) {
    for (Field field : fields) {
      if (isBuiltInColumn(field.name())) {
        throw new IllegalArgumentException(
            "field name "
                + field.name()
                + " is reserved for a built-in column; rename the field before storing it");
      }
    }
  }

  static boolean isBuiltInColumn(String name) {
    if (name.isEmpty() || name.charAt(0) != '_') {
      return false;
    }
    return switch (name) {
      case FieldNames.TIME,
          FieldNames.MESSAGE,
          FieldNames.STREAM,
          FieldNames.STREAM_ID,
          FieldNames.TENANT ->
          true;
      default -> false;
    };
  }

  private void requireState(State expected) {
    if (state != expected) {
      throw new IllegalStateException(
          "part writer for "
              + directory
              + " is "
              + state.name().toLowerCase(java.util.Locale.ROOT)
              + ", expected "
              + expected.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
