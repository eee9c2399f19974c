package dev.loupe.storage;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records acknowledged since the last flush, grouped by stream in arrival order.
 *
 * <p>Not thread-safe: {@link Storage} calls {@link #add} and {@link #view} under its append lock. A
 * view copies the per-stream arrays of references (about a millisecond for a full second of
 * ingest), so queries then read it without any lock while appends go on.
 */
final class Memtable {
  /** Rough heap cost of a record beyond its characters: object headers, list slots, the record. */
  private static final int RECORD_OVERHEAD_BYTES = 96;

  private static final int FIELD_OVERHEAD_BYTES = 56;

  private final Map<StreamId, StreamRecords> streams = new HashMap<>();
  private long estimatedBytes;
  private long rows;
  private long lastWalPosition;

  void add(List<LogRecord> records, long walPosition) {
    for (LogRecord record : records) {
      streams.computeIfAbsent(record.stream().id(), id -> new StreamRecords()).add(record);
      estimatedBytes += estimateBytes(record);
    }
    rows += records.size();
    lastWalPosition = walPosition;
  }

  long estimatedBytes() {
    return estimatedBytes;
  }

  long rows() {
    return rows;
  }

  boolean isEmpty() {
    return rows == 0;
  }

  /** The WAL position of the last batch added; a part written from this memtable covers it. */
  long lastWalPosition() {
    return lastWalPosition;
  }

  /** An immutable copy of the current contents, each stream sorted by time. */
  MemtableView view(int blockRows) {
    List<LogRecord[]> copies = new ArrayList<>(streams.size());
    for (StreamRecords stream : streams.values()) {
      copies.add(stream.sortedCopy());
    }
    return new MemtableView(copies, blockRows);
  }

  private static long estimateBytes(LogRecord record) {
    long bytes = RECORD_OVERHEAD_BYTES + 2L * record.message().length();
    for (Field field : record.fields()) {
      bytes += FIELD_OVERHEAD_BYTES + 2L * (field.name().length() + field.value().length());
    }
    return bytes;
  }

  /** One stream's records in arrival order, remembering whether that is also time order. */
  private static final class StreamRecords {
    private LogRecord[] records = new LogRecord[16];
    private int size;
    private boolean sortedByTime = true;

    void add(LogRecord record) {
      if (size == records.length) {
        records = Arrays.copyOf(records, size * 2);
      }
      if (size > 0 && record.timeNanos() < records[size - 1].timeNanos()) {
        sortedByTime = false;
      }
      records[size++] = record;
    }

    LogRecord[] sortedCopy() {
      LogRecord[] copy = Arrays.copyOf(records, size);
      if (!sortedByTime) {
        // Stable, so records with equal times keep arrival order, as parts keep it.
        Arrays.sort(copy, (left, right) -> Long.compare(left.timeNanos(), right.timeNanos()));
      }
      return copy;
    }
  }
}
