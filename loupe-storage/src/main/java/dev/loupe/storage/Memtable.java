package dev.loupe.storage;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records acknowledged since the last flush, grouped by stream in arrival order.
 *
 * <p>Not thread-safe: {@link Storage} calls {@link #add} and {@link #capture} under its append
 * lock. A capture is a reference and a size per stream; the view built from it after the lock is
 * released copies the per-stream arrays of references and sorts those out of time order, so queries
 * then read it without any lock while appends go on.
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
    return view(capture(), blockRows);
  }

  /**
   * What a view needs, taken in time proportional to the number of streams, not records: the caller
   * holds the append lock only for this and builds the view ({@link #view(List, int)}) after
   * releasing it, so that queries do not hold up appends while they copy and sort.
   */
  List<StreamCapture> capture() {
    List<StreamCapture> captures = new ArrayList<>(streams.size());
    for (StreamRecords stream : streams.values()) {
      captures.add(new StreamCapture(stream, stream.records, stream.size, stream.sortedByTime));
    }
    return captures;
  }

  /**
   * The view of captured streams; safe without the lock, because a stream's array is only ever
   * appended to past the captured size (a grown array is a new one).
   */
  static MemtableView view(List<StreamCapture> captures, int blockRows) {
    List<LogRecord[]> copies = new ArrayList<>(captures.size());
    List<Set<String>> names = new ArrayList<>(captures.size());
    for (StreamCapture capture : captures) {
      copies.add(capture.stream().sortedCopy(capture.records(), capture.size(), capture.sorted()));
      names.add(capture.stream().columnNames(capture.records(), capture.size()));
    }
    return new MemtableView(copies, names, blockRows);
  }

  /** The names every block has: the columns a part derives from the stream and the record. */
  private static final Set<String> BASE_COLUMNS =
      Set.of(
          FieldNames.TIME,
          FieldNames.STREAM,
          FieldNames.STREAM_ID,
          FieldNames.TENANT,
          FieldNames.MESSAGE);

  /** Column names of a stream's first {@code count} records. */
  private record ColumnNames(int count, Set<String> names) {}

  /** One stream as it was when captured: its records {@code [0, size)} and their order. */
  record StreamCapture(StreamRecords stream, LogRecord[] records, int size, boolean sorted) {}

  private static long estimateBytes(LogRecord record) {
    long bytes = RECORD_OVERHEAD_BYTES + 2L * record.message().length();
    for (Field field : record.fields()) {
      bytes += FIELD_OVERHEAD_BYTES + 2L * (field.name().length() + field.value().length());
    }
    return bytes;
  }

  /**
   * One stream's records in arrival order, remembering whether that is also time order, and the
   * last time-sorted copy a view made, so that the next view of a stream out of order sorts only
   * the records that arrived since and merges them in, rather than sorting everything again.
   */
  static final class StreamRecords {
    private static final Comparator<LogRecord> BY_TIME =
        (left, right) -> Long.compare(left.timeNanos(), right.timeNanos());

    private LogRecord[] records = new LogRecord[16];
    private int size;
    private boolean sortedByTime = true;

    /** The first {@code sorted.length} records in time order; shared, never written to. */
    private volatile LogRecord[] sorted = new LogRecord[0];

    /** The column names of the first {@code count} records, for the blocks of a view. */
    private volatile ColumnNames names = new ColumnNames(0, BASE_COLUMNS);

    void add(LogRecord record) {
      if (size == records.length) {
        records = Arrays.copyOf(records, size * 2);
      }
      if (size > 0 && record.timeNanos() < records[size - 1].timeNanos()) {
        sortedByTime = false;
      }
      records[size++] = record;
    }

    /** {@code array[0, count)} in time order; equal times keep arrival order, as parts keep it. */
    LogRecord[] sortedCopy(LogRecord[] array, int count, boolean inTimeOrder) {
      if (inTimeOrder) {
        return Arrays.copyOf(array, count);
      }
      LogRecord[] prefix = sorted;
      if (prefix.length == count) {
        return prefix;
      }
      LogRecord[] result;
      if (prefix.length < count) {
        LogRecord[] tail = Arrays.copyOfRange(array, prefix.length, count);
        Arrays.sort(tail, BY_TIME); // stable
        result = merge(prefix, tail);
      } else {
        result = Arrays.copyOf(array, count);
        Arrays.sort(result, BY_TIME);
      }
      if (result.length > sorted.length) {
        sorted = result;
      }
      return result;
    }

    /**
     * The names of the columns of {@code array[0, count)} (or of more records, when a later view
     * already read them: a superset, which a block may report), reading only the records no view
     * has read yet. A query used to collect them per block, every row's every field, at each
     * snapshot: a full second of ingest read again by every query.
     */
    Set<String> columnNames(LogRecord[] array, int count) {
      ColumnNames known = names;
      if (known.count >= count) {
        return known.names;
      }
      Set<String> collected = null;
      for (int index = known.count; index < count; index++) {
        for (Field field : array[index].fields()) {
          if (!known.names.contains(field.name())
              && (collected == null || !collected.contains(field.name()))) {
            if (collected == null) {
              collected = new HashSet<>(known.names);
            }
            collected.add(field.name());
          }
        }
      }
      ColumnNames grown =
          new ColumnNames(count, collected == null ? known.names : Set.copyOf(collected));
      if (grown.count > names.count) {
        names = grown;
      }
      return grown.names;
    }

    /** A stable merge: on equal times the earlier arrivals ({@code first}) come first. */
    private static LogRecord[] merge(LogRecord[] first, LogRecord[] second) {
      LogRecord[] merged = new LogRecord[first.length + second.length];
      int left = 0;
      int right = 0;
      int out = 0;
      while (left < first.length && right < second.length) {
        merged[out++] =
            second[right].timeNanos() < first[left].timeNanos() ? second[right++] : first[left++];
      }
      while (left < first.length) {
        merged[out++] = first[left++];
      }
      while (right < second.length) {
        merged[out++] = second[right++];
      }
      return merged;
    }
  }
}
