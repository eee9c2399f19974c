package dev.loupe.storage.part;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The parsed body of {@link PartFileNames#INDEX}, written by {@link IndexWriter}. All numbers
 * little-endian; varints are unsigned LEB128; a string is a varint byte length and UTF-8.
 *
 * <pre>
 * varint bloom hash count k
 * varint N, N x string                       column names; a block refers to them by number
 * varint S, S x (string tenant, string canonical labels, u64 id high, u64 id low)
 * varint B, B x block:
 *   varint stream number | i64 min time | i64 max time | varint rows | varint C, C x column:
 *     varint name number | u8 encoding | u8 flags | varint present rows |
 *     varint offset in data.bin | varint stored length | varint raw length | u32 CRC32C |
 *     [zigzag varint min, zigzag varint max: when flags has the integer range] |
 *     varint W, W x u64 bloom words
 * </pre>
 *
 * Parsing checks every number against what it can be (offsets inside the data body, counts inside
 * the block), so even an index with a valid checksum but a bug behind it fails here, with a
 * message, rather than later in a query.
 *
 * @param hashCount bloom probes per token
 * @param names the column name table
 * @param blocks the blocks in file order: by stream, then time
 */
record PartIndex(int hashCount, String[] names, List<BlockHeader> blocks) {

  /**
   * One block's header.
   *
   * @param number position of the block in the part
   * @param stream the stream every row belongs to
   * @param minTimeNanos first row's time
   * @param maxTimeNanos last row's time
   * @param rowCount rows
   * @param chunks the columns in file order: {@code _time} first
   * @param chunksByNameId the same, sorted by name number for binary search
   */
  record BlockHeader(
      int number,
      StreamEntry stream,
      long minTimeNanos,
      long maxTimeNanos,
      int rowCount,
      ColumnChunk[] chunks,
      ColumnChunk[] chunksByNameId) {

    ColumnChunk chunk(int nameId) {
      int low = 0;
      int high = chunksByNameId.length - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        int found = chunksByNameId[middle].nameId();
        if (found == nameId) {
          return chunksByNameId[middle];
        }
        if (found < nameId) {
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      return null;
    }

    long storedBytes() {
      long total = 0;
      for (ColumnChunk chunk : chunks) {
        total += chunk.storedLength();
      }
      return total;
    }
  }

  /**
   * Parses an index body whose column chunks must lie within {@code [dataStart, dataEnd)} of the
   * data file.
   */
  static PartIndex parse(ByteSource source, long dataStart, long dataEnd) {
    int hashCount = source.readVarInt("bloom hash count", 64);
    if (hashCount < 1) {
      throw new MalformedPartException("bloom hash count is 0");
    }
    String[] names = readNames(source);
    StreamEntry[] streams = readStreams(source);
    int blockCount = source.readVarInt("block count", source.remaining());
    List<BlockHeader> blocks = new ArrayList<>(blockCount);
    BlockReader reader = new BlockReader(source, names, streams, dataStart, dataEnd);
    for (int number = 0; number < blockCount; number++) {
      blocks.add(reader.read(number));
    }
    if (source.remaining() != 0) {
      throw new MalformedPartException(
          source.remaining() + " unexpected bytes after the last block");
    }
    return new PartIndex(hashCount, names, List.copyOf(blocks));
  }

  private static String[] readNames(ByteSource source) {
    String[] names = new String[source.readVarInt("column name count", source.remaining())];
    for (int i = 0; i < names.length; i++) {
      names[i] = source.readString("column name");
    }
    return names;
  }

  private static StreamEntry[] readStreams(ByteSource source) {
    StreamEntry[] streams = new StreamEntry[source.readVarInt("stream count", source.remaining())];
    for (int i = 0; i < streams.length; i++) {
      String tenant = source.readString("tenant");
      String labels = source.readString("stream labels");
      StreamId id = new StreamId(source.readLongLittleEndian(), source.readLongLittleEndian());
      streams[i] = new StreamEntry(new Stream(tenant, labels, id));
    }
    return streams;
  }

  /** Reads block headers one after another, checking each against the name and stream tables. */
  private static final class BlockReader {
    private final ByteSource source;
    private final String[] names;
    private final StreamEntry[] streams;
    private final long dataStart;
    private final long dataEnd;
    private final boolean[] seenInBlock;

    BlockReader(
        ByteSource source, String[] names, StreamEntry[] streams, long dataStart, long dataEnd) {
      this.source = source;
      this.names = names;
      this.streams = streams;
      this.dataStart = dataStart;
      this.dataEnd = dataEnd;
      this.seenInBlock = new boolean[names.length];
    }

    BlockHeader read(int number) {
      try {
        return readBlock(number);
      } catch (MalformedPartException problem) {
        throw new MalformedPartException("block " + number + ": " + problem.getMessage());
      }
    }

    private BlockHeader readBlock(int number) {
      StreamEntry stream = streams[source.readVarInt("stream number", streams.length - 1)];
      long minTime = source.readLongLittleEndian();
      long maxTime = source.readLongLittleEndian();
      int rowCount = source.readVarInt("row count", PartFormat.MAX_BLOCK_ROWS);
      if (rowCount == 0 || minTime > maxTime) {
        throw new MalformedPartException("rows " + rowCount + ", time " + minTime + ".." + maxTime);
      }
      ColumnChunk[] chunks = new ColumnChunk[source.readVarInt("column count", names.length)];
      Arrays.fill(seenInBlock, false);
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = readChunk(rowCount);
      }
      checkTimeColumn(chunks, rowCount);
      ColumnChunk[] byNameId = chunks.clone();
      Arrays.sort(byNameId, Comparator.comparingInt(ColumnChunk::nameId));
      return new BlockHeader(number, stream, minTime, maxTime, rowCount, chunks, byNameId);
    }

    private ColumnChunk readChunk(int rowCount) {
      int nameId = source.readVarInt("column name number", names.length - 1);
      if (seenInBlock[nameId]) {
        throw new MalformedPartException("column " + names[nameId] + " appears twice");
      }
      seenInBlock[nameId] = true;
      ColumnEncoding encoding = ColumnEncoding.fromId(source.readUnsignedByte());
      int flags = source.readUnsignedByte();
      int presentCount = source.readVarInt("present rows", rowCount);
      long offset = source.readVarLong();
      int storedLength = source.readVarInt("stored length", Integer.MAX_VALUE - 8);
      int rawLength = source.readVarInt("raw length", Integer.MAX_VALUE - 8);
      int checksum = source.readIntLittleEndian();
      boolean hasRange = (flags & PartFormat.FLAG_INTEGER_RANGE) != 0;
      long min = hasRange ? source.readZigZag() : 0;
      long max = hasRange ? source.readZigZag() : 0;
      long[] bloom = readBloom();
      ColumnChunk chunk =
          new ColumnChunk(
              nameId,
              names[nameId],
              encoding,
              flags,
              presentCount,
              offset,
              storedLength,
              rawLength,
              checksum,
              min,
              max,
              bloom);
      checkChunk(chunk);
      return chunk;
    }

    private long[] readBloom() {
      long[] words = new long[source.readVarInt("bloom words", source.remaining() / Long.BYTES)];
      for (int i = 0; i < words.length; i++) {
        words[i] = source.readLongLittleEndian();
      }
      return words;
    }

    private void checkChunk(ColumnChunk chunk) {
      String column = "column " + chunk.name() + ": ";
      if (chunk.presentCount() == 0) {
        throw new MalformedPartException(column + "no rows have a value");
      }
      if (chunk.offset() < dataStart || chunk.offset() > dataEnd - chunk.storedLength()) {
        throw new MalformedPartException(
            column
                + "chunk at "
                + chunk.offset()
                + "+"
                + chunk.storedLength()
                + " lies outside the data body ["
                + dataStart
                + ", "
                + dataEnd
                + ")");
      }
      if (!chunk.compressed() && chunk.storedLength() != chunk.rawLength()) {
        throw new MalformedPartException(column + "uncompressed chunk with two lengths");
      }
      if (chunk.hasIntegerRange()
          && (!chunk.encoding().isInteger() || chunk.integerMin() > chunk.integerMax())) {
        throw new MalformedPartException(column + "bad integer range");
      }
      if ((chunk.flags() & ~(PartFormat.FLAG_ZSTD | PartFormat.FLAG_INTEGER_RANGE)) != 0) {
        throw new MalformedPartException(column + "unknown flags " + chunk.flags());
      }
    }

    private static void checkTimeColumn(ColumnChunk[] chunks, int rowCount) {
      if (chunks.length == 0 || !chunks[0].name().equals(FieldNames.TIME)) {
        throw new MalformedPartException("the first column is not " + FieldNames.TIME);
      }
      ColumnChunk time = chunks[0];
      if (!time.encoding().isInteger() || time.presentCount() != rowCount) {
        throw new MalformedPartException(FieldNames.TIME + " is not an integer in every row");
      }
    }
  }
}
