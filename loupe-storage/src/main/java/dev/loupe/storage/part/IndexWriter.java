package dev.loupe.storage.part;

import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** The whole index file: header, body, footer. */
  byte[] toFile() {
    ByteSink body = new ByteSink(blocks.size() + 64 * (names.size() + streams.size()) + 64);
    body.writeVarLong(PartFormat.BLOOM_HASH_COUNT);
    body.writeVarLong(names.size());
    for (String name : names) {
      body.writeString(name);
    }
    body.writeVarLong(streams.size());
    for (Stream stream : streams) {
      body.writeString(stream.tenant());
      body.writeString(stream.canonicalLabels());
      body.writeLongLittleEndian(stream.id().high());
      body.writeLongLittleEndian(stream.id().low());
    }
    body.writeVarLong(blockCount);
    body.writeBytes(blocks.array(), 0, blocks.size());
    return FileEnvelope.wrap(PartFormat.KIND_INDEX, body);
  }
}
