package dev.loupe.storage;

import dev.loupe.core.LogRecord;
import dev.loupe.core.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A frozen copy of memtable contents: per stream, records sorted by time. Immutable and safe to
 * share between threads. Serves blocks to queries and, for a flush, the records in part order.
 */
final class MemtableView {
  private final List<LogRecord[]> streams;
  private final List<BlockRef> blocks;
  private final long rows;

  /**
   * Per stream, its records sorted by time and the names of their columns (which every block of the
   * stream reports: a superset of a block's own, see {@link MemoryBlock#columnNames}).
   */
  MemtableView(List<LogRecord[]> streams, List<Set<String>> columnNames, int blockRows) {
    this.streams = streams;
    List<BlockRef> cut = new ArrayList<>();
    long count = 0;
    for (int stream = 0; stream < streams.size(); stream++) {
      LogRecord[] records = streams.get(stream);
      Set<String> names = columnNames.get(stream);
      count += records.length;
      for (int from = 0; from < records.length; from += blockRows) {
        cut.add(new MemoryBlock(records, from, Math.min(records.length, from + blockRows), names));
      }
    }
    this.blocks = List.copyOf(cut);
    this.rows = count;
  }

  static MemtableView empty() {
    return new MemtableView(List.of(), List.of(), 1);
  }

  long rows() {
    return rows;
  }

  List<BlockRef> blocks(TimeRange range) {
    List<BlockRef> overlapping = new ArrayList<>();
    for (BlockRef block : blocks) {
      if (range.overlaps(block.minTimeNanos(), block.maxTimeNanos())) {
        overlapping.add(block);
      }
    }
    return overlapping;
  }

  /** Every record in (stream id, time) order, as a part stores them. */
  Iterator<LogRecord> recordsInPartOrder() {
    List<LogRecord[]> byStream = new ArrayList<>(streams);
    byStream.sort(Comparator.comparing(records -> records[0].stream().id()));
    return byStream.stream().flatMap(java.util.Arrays::stream).iterator();
  }
}
