package dev.loupe.storage.part;

import dev.loupe.core.Stream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Builds the body of {@link PartFileNames#INDEX} in memory while blocks are written (see {@link
 * PartIndex} for the layout). Column names and streams are numbered in order of first appearance
 * and written once, ahead of the blocks that refer to them by number. Not thread-safe.
 */
final class IndexWriter {
  private final ByteSink blocks = new ByteSink(1 << 16);
  private final Map<String, Integer> nameIds = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<Stream> streams = new ArrayList<>();
  private int blockCount;

  void addBlock(
      Stream stream,
      long minTimeNanos,
      long maxTimeNanos,
      int rowCount,
      List<EncodedColumn> columns) {
    blocks.writeVarLong(streamIndex(stream));
    blocks.writeLongLittleEndian(minTimeNanos);
    blocks.writeLongLittleEndian(maxTimeNanos);
    blocks.writeVarLong(rowCount);
    blocks.writeVarLong(columns.size());
    for (EncodedColumn column : columns) {
      writeColumn(column);
    }
    blockCount++;
  }

  private void writeColumn(EncodedColumn column) {
    blocks.writeVarLong(nameId(column.name()));
    blocks.writeByte(column.encoding().id());
    blocks.writeByte(column.flags());
    blocks.writeVarLong(column.presentCount());
    blocks.writeVarLong(column.offset());
    blocks.writeVarLong(column.storedLength());
    blocks.writeVarLong(column.rawLength());
    blocks.writeIntLittleEndian(column.checksum());
    if ((column.flags() & PartFormat.FLAG_INTEGER_RANGE) != 0) {
      blocks.writeZigZag(column.integerMin());
      blocks.writeZigZag(column.integerMax());
    }
    long[] bloom = column.bloom();
    blocks.writeVarLong(bloom.length);
    blocks.ensureCapacity(bloom.length * Long.BYTES);
    for (long word : bloom) {
      blocks.writeLongLittleEndian(word);
    }
  }

  /** Rows arrive sorted by stream, so a stream is either the last one seen or a new one. */
  private int streamIndex(Stream stream) {
    int last = streams.size() - 1;
    if (last >= 0 && streams.get(last).id().equals(stream.id())) {
      return last;
    }
    streams.add(stream);
    return last + 1;
  }

  private int nameId(String name) {
    Integer id = nameIds.get(name);
    if (id != null) {
      return id;
    }
    int newId = names.size();
    names.add(name);
    nameIds.put(name, newId);
    return newId;
  }

  /**
   * The whole index file as pieces to write in order: header, the name and stream tables, the block
   * entries (a window of the buffer they were written to, not a copy) and the footer. A merged
   * part's index can be tens of MB; building it as one array would hold it three times over at the
   * moment the heap is fullest.
   */
  ByteBuffer[] toFilePieces() {
    ByteSink prefix = new ByteSink(64 * (names.size() + streams.size()) + 64);
    prefix.writeVarLong(PartFormat.BLOOM_HASH_COUNT);
    prefix.writeVarLong(names.size());
    for (String name : names) {
      prefix.writeString(name);
    }
    prefix.writeVarLong(streams.size());
    for (Stream stream : streams) {
      prefix.writeString(stream.tenant());
      prefix.writeString(stream.canonicalLabels());
      prefix.writeLongLittleEndian(stream.id().high());
      prefix.writeLongLittleEndian(stream.id().low());
    }
    prefix.writeVarLong(blockCount);
    byte[] header = FileEnvelope.header(PartFormat.KIND_INDEX);
    CRC32C crc = new CRC32C();
    crc.update(header);
    crc.update(prefix.array(), 0, prefix.size());
    crc.update(blocks.array(), 0, blocks.size());
    long bodyLength = (long) prefix.size() + blocks.size();
    byte[] footer = FileEnvelope.footer(bodyLength, (int) crc.getValue());
    return new ByteBuffer[] {
      ByteBuffer.wrap(header),
      ByteBuffer.wrap(prefix.array(), 0, prefix.size()),
      ByteBuffer.wrap(blocks.array(), 0, blocks.size()),
      ByteBuffer.wrap(footer)
    };
  }
}
